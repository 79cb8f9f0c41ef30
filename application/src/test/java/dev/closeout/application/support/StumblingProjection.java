package dev.closeout.application.support;

import com.mongodb.MongoSocketException;
import com.mongodb.ServerAddress;
import dev.closeout.domain.task.TaskEvent.TaskClaimed;
import dev.closeout.domain.task.TaskEvent.TaskRegistered;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A read model of the shared test context, in a processing group of its own, whose handler fails on
 * a task registered with {@link #MARKER} in its title while {@link #stumble(boolean)} says so: the
 * event is then parked in the group's dead letters, and the task's later events wait behind it. It
 * remembers, per task with {@link #WATCHED} in its title, the events it applied (registered,
 * claimed), in order, so a test sees what reached it; other tasks it forgets, so no other test fills it.
 */
public class StumblingProjection {

    public static final String PROCESSING_GROUP = "test-stumbling";
    public static final String MARKER = "[stumble]";
    public static final String WATCHED = "[watched]";

    private volatile boolean stumbling;
    private volatile boolean storeFailing;
    private final Map<String, List<String>> applied = new ConcurrentHashMap<>();

    public void stumble(boolean stumbling) {
        this.stumbling = stumbling;
    }

    /**
     * While set, the handler fails on a task registered with {@link #MARKER} as the store underneath
     * would (the server unreachable): nothing is parked, the processor goes into error and retries.
     */
    public void storeFails(boolean failing) {
        this.storeFailing = failing;
    }

    /** The events applied for a task, in order ({@code TaskRegistered}, {@code TaskClaimed}). */
    public List<String> applied(String taskId) {
        return List.copyOf(applied.getOrDefault(taskId, List.of()));
    }

    @ProcessingGroup(PROCESSING_GROUP)
    public class Handler {

        @EventHandler
        void on(TaskRegistered event) {
            if (storeFailing && event.title().contains(MARKER)) {
                throw new MongoSocketException("The store is unreachable, as the test asked", new ServerAddress());
            }
            if (stumbling && event.title().contains(MARKER)) {
                throw new IllegalStateException("Stumbled on " + event.taskId() + ", as the test asked");
            }
            if (event.title().contains(WATCHED)) {
                applied.computeIfAbsent(event.taskId().value(), id -> new CopyOnWriteArrayList<>())
                        .add(TaskRegistered.class.getSimpleName());
            }
        }

        @EventHandler
        void on(TaskClaimed event) {
            applied.computeIfPresent(event.taskId().value(), (id, events) -> {
                events.add(TaskClaimed.class.getSimpleName());
                return events;
            });
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
