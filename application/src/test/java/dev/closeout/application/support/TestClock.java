package dev.closeout.application.support;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The application's clock in the shared test context: the system clock, moved forward by whatever a
 * test sets, so deadline tests can let days pass. A test that moves it puts it back with
 * {@link #reset()} when it ends, because every other test shares the context.
 */
public final class TestClock extends Clock {

    private volatile Duration offset = Duration.ZERO;

    @TestConfiguration(proxyBeanMethods = false)
    public static class Config {
        @Bean
        TestClock clock() {
            return new TestClock();
        }
    }

    public void advance(Duration by) {
        offset = offset.plus(by);
    }

    public void reset() {
        offset = Duration.ZERO;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return Clock.offset(Clock.system(zone), offset);
    }

    @Override
    public Instant instant() {
        return Instant.now().plus(offset);
    }
}
