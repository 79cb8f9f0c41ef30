package dev.closeout.application.security;

/**
 * Refuses the demo users (the embedded default profile's, each with its name as password) on a MongoDB: the embedded
 * profile is the default of a bare {@code java -jar}, and run against an office's store without choosing a profile,
 * every item there would be open to supervisor/supervisor. Asked before the client connects, so that the start fails
 * at once, saying what to set, not after the wait for a server.
 */
public final class DemoUsersGuard {

    public static final String ACCEPTED = "closeout.security.demo-users-on-mongodb";

    private DemoUsersGuard() {
    }

    /**
     * @param demoUsers whether {@code closeout.security.demo-users} is on
     * @param accepted  {@value #ACCEPTED}: the demo users on a store of test data only
     */
    public static void refuseOnMongoDb(boolean demoUsers, boolean accepted) {
        if (demoUsers && !accepted) {
            throw new IllegalStateException("The demo users (closeout.security.demo-users, the embedded profile's) are "
                    + "enabled while spring.data.mongodb.uri names a MongoDB: run with SPRING_PROFILES_ACTIVE=production "
                    + "and configure closeout.security.users (operations.md), or, for a store of test data only, set "
                    + ACCEPTED + "=true.");
        }
    }
}
