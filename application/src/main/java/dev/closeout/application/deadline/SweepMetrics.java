package dev.closeout.application.deadline;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.stereotype.Component;

import java.time.Duration;

/**
 * What the deadline sweeps did, for operators: {@code closeout_sweeps_total} by outcome ({@code run},
 * {@code postponed} while the due-date index catches up), the items each checked by kind, and how long
 * a sweep that ran took.
 */
@Component
public class SweepMetrics {

    private final Counter run;
    private final Counter postponed;
    private final Counter tasksChecked;
    private final Counter complaintsChecked;
    private final Timer duration;

    public SweepMetrics(MeterRegistry registry) {
        this.run = sweeps(registry, "run");
        this.postponed = sweeps(registry, "postponed");
        this.tasksChecked = checked(registry, "task");
        this.complaintsChecked = checked(registry, "complaint");
        this.duration = Timer.builder("closeout.sweep.duration")
                .description("Time a deadline sweep that ran took, reading the index and sending its checks")
                .register(registry);
    }

    void postponed() {
        postponed.increment();
    }

    void swept(int tasks, int complaints, Duration took) {
        run.increment();
        tasksChecked.increment(tasks);
        complaintsChecked.increment(complaints);
        duration.record(took);
    }

    private static Counter sweeps(MeterRegistry registry, String outcome) {
        return Counter.builder("closeout.sweeps").tag("outcome", outcome)
                .description("Deadline sweeps, run or postponed while the due-date index catches up")
                .register(registry);
    }

    private static Counter checked(MeterRegistry registry, String kind) {
        return Counter.builder("closeout.sweep.items.checked").tag("kind", kind)
                .description("Deadline checks the sweeps sent").register(registry);
    }
}
