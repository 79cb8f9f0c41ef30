package dev.closeout.application.security;

import dev.closeout.application.support.TestClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Counting wrong passwords per name: from the second, the name is held a second, then two, then four;
 * five within 15 minutes lock it for 15 minutes.
 */
class SignInAttemptsTest {

    private final TestClock clock = new TestClock();
    private final SignInAttempts attempts = new SignInAttempts(5, Duration.ofMinutes(15), Duration.ofMinutes(15),
            Duration.ofSeconds(1), 3, clock);

    @Test
    void from_the_second_wrong_password_on_the_name_is_held_one_then_two_then_four_seconds() {
        attempts.failed("clerk", false);
        assertThat(attempts.lockedUntil("clerk")).as("held after one wrong password").isEmpty();

        for (long seconds : new long[]{1, 2, 4}) {
            Instant before = clock.instant();
            assertThat(attempts.failed("clerk", false)).isFalse();
            Instant after = clock.instant();
            assertThat(attempts.lockedUntil("clerk")).hasValueSatisfying(until -> assertThat(until)
                    .isBetween(before.plusSeconds(seconds), after.plusSeconds(seconds)));
            clock.advance(Duration.ofSeconds(seconds));
            assertThat(attempts.lockedUntil("clerk")).isEmpty();
        }
        assertThat(attempts.failed("clerk", false)).as("the fifth locks").isTrue();
        clock.advance(Duration.ofMinutes(14));
        assertThat(attempts.lockedUntil("clerk")).isPresent();
    }

    @Test
    void the_fifth_wrong_password_within_the_window_locks_the_name_for_the_lock_time() {
        for (int i = 0; i < 4; i++) {
            assertThat(attempts.failed("clerk", false)).isFalse();
            clock.advance(Duration.ofMinutes(3));
        }
        assertThat(attempts.lockedUntil("clerk")).isEmpty();

        Instant before = clock.instant();
        assertThat(attempts.failed("clerk", false)).isTrue();
        Instant after = clock.instant();

        assertThat(attempts.lockedUntil("clerk")).hasValueSatisfying(until -> assertThat(until)
                .isBetween(before.plus(Duration.ofMinutes(15)), after.plus(Duration.ofMinutes(15))));
        clock.advance(Duration.ofMinutes(14));
        assertThat(attempts.lockedUntil("clerk")).isPresent();
        clock.advance(Duration.ofMinutes(1));
        assertThat(attempts.lockedUntil("clerk")).isEmpty();
    }

    @Test
    void wrong_passwords_older_than_the_window_no_longer_count() {
        for (int i = 0; i < 4; i++) {
            attempts.failed("clerk", false);
        }
        clock.advance(Duration.ofMinutes(15));

        assertThat(attempts.failed("clerk", false)).isFalse();
        assertThat(attempts.lockedUntil("clerk")).isEmpty();
    }

    @Test
    void the_right_password_forgets_the_wrong_ones_and_other_names_are_counted_apart() {
        for (int i = 0; i < 4; i++) {
            attempts.failed("clerk", false);
            attempts.failed("other", false);
        }
        attempts.succeeded("clerk");

        assertThat(attempts.failed("clerk", false)).isFalse();
        assertThat(attempts.failed("other", false)).isTrue();
        assertThat(attempts.lockedUntil("clerk")).isEmpty();
    }

    @Test
    void beyond_the_names_it_holds_a_new_name_is_not_counted_until_old_ones_expire() {
        attempts.failed("a", false);
        attempts.failed("b", false);
        attempts.failed("c", false);
        for (int i = 0; i < 5; i++) {
            attempts.failed("d", false);
        }
        assertThat(attempts.lockedUntil("d")).isEmpty();

        clock.advance(Duration.ofMinutes(15));
        for (int i = 0; i < 5; i++) {
            attempts.failed("d", false);
        }
        assertThat(attempts.lockedUntil("d")).isPresent();
    }

    /** An attacker filling the table with invented names does not switch the lockout off for a user's name. */
    @Test
    void a_users_name_is_counted_and_locked_however_many_invented_names_fill_the_table() {
        attempts.failed("invented-1", false);
        attempts.failed("invented-2", false);
        attempts.failed("invented-3", false);
        for (int i = 0; i < 5; i++) {
            attempts.failed("zhang.wei", true);
        }
        assertThat(attempts.lockedUntil("zhang.wei")).isPresent();
    }
}
