package dev.closeout.application.infrastructure.webhook;

import dev.closeout.application.support.IntegrationTest;
import dev.closeout.application.support.TestClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/**
 * A test that plays dispatchers through a {@link DispatcherHarness}, on one subscription of its own
 * that it sets in {@link #subscription}, removed after the test with all it wrote, up to the day of
 * {@link #clock}.
 */
abstract class HarnessTest extends IntegrationTest {

    @Autowired
    protected ApplicationContext context;

    protected DispatcherHarness harness;
    protected Subscription subscription;
    protected final TestClock clock = DispatcherHarness.clock();

    @BeforeEach
    void harness() {
        harness = new DispatcherHarness(context);
    }

    @AfterEach
    void removeSubscription() {
        if (subscription != null) {
            harness.remove(subscription, clock.instant());
        }
    }
}
