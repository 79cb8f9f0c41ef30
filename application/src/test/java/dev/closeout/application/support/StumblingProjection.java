package dev.closeout.application.support;

import dev.closeout.domain.task.TaskEvent.TaskRegistered;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * A read model of the shared test context, in a processing group of its own, whose handler fails on
 * a task registered with {@link #MARKER} in its title while {@link #stumble(boolean)} says so: the
 * tracking processor then stays in error, retrying, until it is told to stop failing. Every other
 * event it takes in and forgets, so no other test notices it.
 */
public class StumblingProjection {

    public static final String PROCESSING_GROUP = "test-stumbling";
    public static final String MARKER = "[stumble]";

    private volatile boolean stumbling;

    public void stumble(boolean stumbling) {
        this.stumbling = stumbling;
    }

    @ProcessingGroup(PROCESSING_GROUP)
    public class Handler {

        @EventHandler
        void on(TaskRegistered event) {
            if (stumbling && event.title().contains(MARKER)) {
                throw new IllegalStateException("Stumbled on " + event.taskId() + ", as the test asked");
            }
        }
    }

    @TestConfiguration(proxyBeanMethods = false)
    public static class Config {

        @Bean
        StumblingProjection stumblingProjection() {
            return new StumblingProjection();
        }

        @Bean
        Handler stumblingHandler(StumblingProjection projection) {
            return projection.new Handler();
        }
    }
}
