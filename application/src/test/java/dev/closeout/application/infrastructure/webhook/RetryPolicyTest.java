package dev.closeout.application.infrastructure.webhook;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class RetryPolicyTest {

    private final RetryPolicy policy = new WebhookProperties(null, null, null, null, null, null, null, null, null, null, null, null)
            .retryPolicy();

    @Test
    void the_wait_doubles_from_five_seconds_up_to_an_hour() {
        assertThat(policy.delayAfter(1, () -> 0)).isEqualTo(Duration.ofSeconds(5));
        assertThat(policy.delayAfter(2, () -> 0)).isEqualTo(Duration.ofSeconds(10));
        assertThat(policy.delayAfter(3, () -> 0)).isEqualTo(Duration.ofSeconds(20));
        assertThat(policy.delayAfter(11, () -> 0)).isEqualTo(Duration.ofHours(1));
        assertThat(policy.delayAfter(500, () -> 0)).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void jitter_shortens_a_wait_by_at_most_a_fifth_and_never_lengthens_it() {
        assertThat(policy.delayAfter(1, () -> 0.999_999)).isGreaterThanOrEqualTo(Duration.ofSeconds(4));
        assertThat(policy.delayAfter(20, () -> 0.5)).isEqualTo(Duration.ofMinutes(54));
    }

    @Test
    void a_delivery_is_given_up_at_the_first_failure_a_day_after_its_first_attempt() {
        Instant first = Instant.parse("2026-01-01T00:00:00Z");
        assertThat(policy.givesUp(first, first.plus(Duration.ofHours(24)).minusMillis(1))).isFalse();
        assertThat(policy.givesUp(first, first.plus(Duration.ofHours(24)))).isTrue();
    }

    @Test
    void a_delivery_that_always_fails_is_tried_for_at_least_a_day_then_parked() {
        Instant first = Instant.parse("2026-01-01T00:00:00Z");
        Instant at = first;
        int failures = 1;
        while (!policy.givesUp(first, at)) {
            at = at.plus(policy.delayAfter(failures++, () -> 0.999));
        }
        assertThat(Duration.between(first, at)).isBetween(Duration.ofHours(24), Duration.ofHours(25));
        assertThat(failures).isBetween(30, 50);
    }
}
