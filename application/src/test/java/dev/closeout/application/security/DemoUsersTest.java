package dev.closeout.application.security;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The demo users (the embedded default profile's, each with its name as password) are refused at start-up on a
 * MongoDB, where a forgotten profile would open the office's real data to supervisor/supervisor. The guard is asked
 * before the MongoDB client is made (MongoConfiguration), so the start fails at once rather than after the wait for
 * a server; the embedded store never asks it.
 */
class DemoUsersTest {

    @Test
    void demo_users_on_a_mongodb_stop_the_start_saying_what_to_set() {
        assertThatThrownBy(() -> DemoUsersGuard.refuseOnMongoDb(true, false))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("SPRING_PROFILES_ACTIVE=production")
                .hasMessageContaining("closeout.security.users")
                .hasMessageContaining(DemoUsersGuard.ACCEPTED);
    }

    @Test
    void configured_users_or_a_test_store_that_accepts_the_demo_users_start() {
        assertThatCode(() -> DemoUsersGuard.refuseOnMongoDb(false, false)).doesNotThrowAnyException();
        assertThatCode(() -> DemoUsersGuard.refuseOnMongoDb(true, true)).doesNotThrowAnyException();
    }
}
