package dev.closeout.application.support;

import dev.closeout.projections.support.OfficeZone;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The application's clock in the shared test context, and the clock events are stamped by: a fixed
 * day, not the day the suite happens to run, so no test's outcome depends on the date, the weekday
 * or a holiday near it. It starts at {@link #START} (a Wednesday, 10:00 in Beijing, far from
 * midnight in every zone the tests use) and runs at the pace of real time, so time-outs, back-off
 * and ordering behave as in production. Deadline tests move it forward to let days pass; a test
 * that times something by it and must not see real time pass stops it with {@link #freeze()}; a test
 * that moves or stops it puts it back with {@link #reset()} when it ends, because every other test
 * shares the context.
 */
public final class TestClock extends Clock {

    /** Wednesday 11 March 2026, 10:00 in Asia/Shanghai. */
    public static final Instant START = Instant.parse("2026-03-11T02:00:00Z");

    private final Instant start;
    private final long startNanos = System.nanoTime();
    private volatile Duration offset = Duration.ZERO;
    /** Where the clock stands while frozen (before the offset); {@code null} while it runs. */
    private volatile Instant frozenAt;

    /** Starting at {@link #START}: the application's clock in the shared context. */
    public TestClock() {
        this(START);
    }

    private TestClock(Instant start) {
        this.start = start;
    }

    /**
     * Starting at the system's time: for webhook tests, whose receivers and signatures are stamped by
     * the system clock as a subscriber's would be.
     */
    public static TestClock fromSystemTime() {
        return new TestClock(Instant.now());
    }

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

    /**
     * Stops the clock where it stands, until {@link #reset()}; {@link #advance} still moves it. Everything in the
     * shared context then sees the same instant, events stamped and webhook back-off included, so only for as
     * long as a test needs it.
     */
    public void freeze() {
        frozenAt = running();
    }

    /** Back to no offset, running if it was frozen. */
    public void reset() {
        offset = Duration.ZERO;
        frozenAt = null;
    }

    /** The day the application's clock starts on, in the office's zone (Asia/Shanghai). */
    public static LocalDate firstDay() {
        return LocalDate.ofInstant(START, OfficeZone.CHINA);
    }

    /** The office's today (Asia/Shanghai) by this clock. */
    public LocalDate today() {
        return LocalDate.ofInstant(instant(), OfficeZone.CHINA);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return new Zoned(this, zone);
    }

    @Override
    public Instant instant() {
        Instant frozen = frozenAt;
        return (frozen == null ? running() : frozen).plus(offset);
    }

    private Instant running() {
        return start.plusNanos(System.nanoTime() - startNanos);
    }

    /** This clock seen from another zone: the same instants. */
    private static final class Zoned extends Clock {

        private final TestClock clock;
        private final ZoneId zone;

        Zoned(TestClock clock, ZoneId zone) {
            this.clock = clock;
            this.zone = zone;
        }

        @Override
        public ZoneId getZone() {
            return zone;
        }

        @Override
        public Clock withZone(ZoneId other) {
            return new Zoned(clock, other);
        }

        @Override
        public Instant instant() {
            return clock.instant();
        }
    }
}
