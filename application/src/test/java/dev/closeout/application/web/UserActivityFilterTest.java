package dev.closeout.application.web;

import dev.closeout.application.infrastructure.mongo.UserActivity;
import jakarta.servlet.FilterChain;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * People count as at work, which keeps the embedded store from shrinking its file, from a request's start until two
 * seconds after its response is complete; the operator's probes and metrics do not count. Time is the test's own.
 */
class UserActivityFilterTest {

    private final AtomicLong nanoTime = new AtomicLong(1_000_000_000L);
    private final UserActivity users = new UserActivity(nanoTime::get, UserActivity.QUIET_AFTER);
    private final UserActivityFilter filter = new UserActivityFilter(users);

    @Test
    void aRequestKeepsPeopleAtWorkWhileItRunsAndForTwoSecondsAfter() throws Exception {
        assertThat(users.atWork()).as("before any request").isFalse();
        AtomicBoolean atWorkMeanwhile = new AtomicBoolean();
        FilterChain chain = (request, response) -> {
            nanoTime.addAndGet(Duration.ofMinutes(5).toNanos());
            atWorkMeanwhile.set(users.atWork());
        };

        filter.doFilter(get("/api/ledgers/督查台账/summary"), new MockHttpServletResponse(), chain);

        assertThat(atWorkMeanwhile).as("while the request ran, five minutes long").isTrue();
        nanoTime.addAndGet(Duration.ofMillis(1_999).toNanos());
        assertThat(users.atWork()).as("1.999 s after it ended").isTrue();
        nanoTime.addAndGet(Duration.ofMillis(1).toNanos());
        assertThat(users.atWork()).as("2 s after it ended").isFalse();
    }

    @Test
    void aStreamedResponseKeepsPeopleAtWorkUntilItIsComplete() throws Exception {
        MockHttpServletRequest request = get("/api/ledgers/督查台账/export");
        request.setAsyncSupported(true);
        filter.doFilter(request, new MockHttpServletResponse(), (req, res) -> req.startAsync());

        nanoTime.addAndGet(Duration.ofMinutes(1).toNanos());
        assertThat(users.atWork()).as("a minute into streaming").isTrue();
        request.getAsyncContext().complete();
        assertThat(users.atWork()).as("just after the response completed").isTrue();
        nanoTime.addAndGet(UserActivity.QUIET_AFTER.toNanos());
        assertThat(users.atWork()).as("2 s after it completed").isFalse();
    }

    @Test
    void aFailedRequestEndsToo() {
        FilterChain failing = (request, response) -> {
            throw new IllegalStateException("refused");
        };
        assertThatThrownBy(() -> filter.doFilter(get("/api/tasks"), new MockHttpServletResponse(), failing))
                .hasMessage("refused");
        assertThat(users.atWork()).as("just after it failed").isTrue();
        nanoTime.addAndGet(UserActivity.QUIET_AFTER.toNanos());
        assertThat(users.atWork()).isFalse();
    }

    @Test
    void theOperatorsProbesAndMetricsAreNotPeopleAtWork() throws Exception {
        AtomicBoolean atWorkMeanwhile = new AtomicBoolean(true);
        for (String path : new String[] {"/actuator/health/readiness", "/actuator/prometheus", "/actuator"}) {
            filter.doFilter(get(path), new MockHttpServletResponse(),
                    (request, response) -> atWorkMeanwhile.set(users.atWork()));
            assertThat(atWorkMeanwhile).as(path).isFalse();
            assertThat(users.atWork()).as("after " + path).isFalse();
        }
        filter.doFilter(get("/actuators-of-the-office"), new MockHttpServletResponse(), (request, response) -> { });
        assertThat(users.atWork()).as("a path that only begins like the operator's").isTrue();
    }

    private static MockHttpServletRequest get(String path) {
        return new MockHttpServletRequest("GET", path);
    }
}
