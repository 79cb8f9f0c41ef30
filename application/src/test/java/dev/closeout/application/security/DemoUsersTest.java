package dev.closeout.application.security;

import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The demo users (the embedded default profile's, each with its name as password) are refused at start-up on a
 * MongoDB, where a forgotten profile would open the office's real data to supervisor/supervisor.
 */
class DemoUsersTest {

    private static final SecurityProperties DEMO = new SecurityProperties(List.of(), true, List.of());
    private static final SecurityProperties CONFIGURED = new SecurityProperties(List.of(), false, List.of());

    private static ConfiguredUsers users(SecurityProperties properties, String mongoUri, boolean accepted) {
        return new SecurityConfiguration().users(properties, PasswordEncoderFactories.createDelegatingPasswordEncoder(),
                null, Clock.systemUTC(), Duration.ofMinutes(5), 5, Duration.ofMinutes(15), Duration.ofMinutes(15),
                Duration.ofSeconds(1), mongoUri, accepted);
    }

    @Test
    void demo_users_on_a_mongodb_stop_the_start_saying_what_to_set() {
        assertThatThrownBy(() -> users(DEMO, "mongodb://db.example:27017/closeout?replicaSet=rs0", false))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("SPRING_PROFILES_ACTIVE=production")
                .hasMessageContaining("closeout.security.users");
    }

    @Test
    void demo_users_start_on_the_embedded_store_or_when_a_test_store_accepts_them() {
        assertThat(users(DEMO, "", false)).isNotNull();
        assertThat(users(DEMO, "mongodb://127.0.0.1:27017/test", true)).isNotNull();
        assertThat(users(CONFIGURED, "mongodb://db.example:27017/closeout", false)).isNotNull();
    }
}
