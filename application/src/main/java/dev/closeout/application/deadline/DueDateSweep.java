package dev.closeout.application.deadline;

import dev.closeout.application.infrastructure.axon.ProcessorProgress;
import dev.closeout.domain.time.DeadlinePolicy;
import dev.closeout.domain.time.DueDates;
import dev.closeout.projections.deadline.DueDateIndex;
import dev.closeout.projections.deadline.DueDateIndexProjection;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventhandling.TrackingToken;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * Sends the deadline checks that are due: reads the due-date index from the day before the last
 * sweep up to today, by {@code _id}, a month of date documents at a time, and sends one check per
 * item found. The aggregates decide what, if anything, to record, so a sweep repeated, overlapping
 * another instance's, or replaying a day is harmless. Each missed day is read once after downtime,
 * because the mark of the last sweep is kept in the database; the day before it is read again, to
 * catch an item filed late on the day the last sweep passed.
 * <p>
 * A sweep runs only when the index has taken in every event stored when it starts, so the items
 * that fell due while the application was down (or while the index was being rebuilt) are all in
 * it; otherwise it waits briefly and then leaves the day for the next try. The next try waits for the
 * head the postponed one waited for, not for a newer one: under a steady stream of commands the
 * index is always a little behind the newest head, and chasing it would postpone every sweep.
 * <p>
 * An item whose check fails does not hold the mark back (every later sweep would read all the days
 * since, and the load would grow daily): {@link DeadlineChecks} puts it in a small retry list,
 * written before the mark moves, and the next sweeps check it again.
 */
@Component
public class DueDateSweep {

    private static final Logger log = LoggerFactory.getLogger(DueDateSweep.class);
    private static final int DAYS_PER_READ = 31;
    private static final Duration INDEX_WAIT = Duration.ofSeconds(10);

    /** What one sweep did: the days read and the checks sent, or that it left the work for later. */
    public record Result(boolean swept, LocalDate from, LocalDate to, int tasksChecked, int complaintsChecked) {
    }

    private final DueDateIndex index;
    private final CommandGateway commands;
    private final ProcessorProgress progress;
    private final DeadlinePolicy policy;
    private final Clock clock;
    private final SweepMetrics metrics;
    /** The head of the event store a postponed sweep waited for; guarded by this. */
    private TrackingToken owedHead;

    public DueDateSweep(DueDateIndex index, CommandGateway commands, ProcessorProgress progress,
                        DeadlinePolicy policy, Clock clock, SweepMetrics metrics) {
        this.index = index;
        this.commands = commands;
        this.progress = progress;
        this.policy = policy;
        this.clock = clock;
        this.metrics = metrics;
    }

    /** Serialised within an instance: two overlapping sweeps here would only send each check twice. */
    public synchronized Result sweep() {
        long started = System.nanoTime();
        LocalDate today = DueDates.today(clock, policy.zone());
        TrackingToken head = owedHead != null ? owedHead : progress.head();
        if (!progress.caughtUp(DueDateIndexProjection.PROCESSING_GROUP, head, INDEX_WAIT)) {
            owedHead = head;
            metrics.postponed();
            log.info("Deadline sweep postponed: the due-date index is still catching up with the event store");
            return new Result(false, null, today, 0, 0);
        }
        owedHead = null;
        Optional<LocalDate> swept = index.lastSwept();
        if (swept.isPresent() && swept.get().isAfter(today)) {
            // the clock was ahead when the mark was set (and the checks it made early stand), or is behind now:
            // reading from the mark would read nothing until the clock caught up, and miss what was filed meanwhile
            log.error("The deadline sweep's mark ({}) is after today ({}): the server's clock was ahead, or is behind "
                    + "now. The sweep reads from the day before today and sets the mark back.", swept.get(), today);
        }
        LocalDate from = swept.map(day -> min(day, today).minusDays(1)).or(index::oldest).orElse(today);
        DueDateIndex.Retries pending = index.retries();
        DeadlineChecks tasks = new DeadlineChecks(index, commands, DueDateIndex.Kind.TASK, pending.tasks(), today);
        DeadlineChecks complaints = new DeadlineChecks(index, commands, DueDateIndex.Kind.COMPLAINT,
                pending.complaints(), today);
        for (LocalDate start = from; !start.isAfter(today); start = start.plusDays(DAYS_PER_READ)) {
            List<LocalDate> days = start.datesUntil(min(start.plusDays(DAYS_PER_READ), today.plusDays(1))).toList();
            DueDateIndex.Due due = index.filedOn(days);
            due.tasks().forEach(tasks::check);
            due.complaints().forEach(complaints::check);
        }
        tasks.retryTheRest();
        complaints.retryTheRest();
        // Past its bound the list keeps no new failures, and the mark stays, so the next sweep reads
        // their days again.
        int notKept = tasks.notKept() + complaints.notKept();
        if (notKept > 0) {
            log.error("Deadline checks of {} items failed and were not kept for retry, the retry list holding its "
                            + "bound of {}; the sweep mark stays at {} until the cause is fixed",
                    notKept, DeadlineChecks.MAX_RETRIES, index.lastSwept().orElse(null));
        }
        // The mark moves only after the failures are written: a crash in between reads the days again.
        // Moved from the mark this sweep read only: a rebuild of the index that deleted it meanwhile (its replay
        // files overdue items under their old days, which the next sweep must read from the oldest) stands.
        if (notKept == 0 && !swept.equals(Optional.of(today)) && !index.markSwept(swept, today)) {
            log.info("The deadline sweep's mark changed while it ran (a rebuild of the due-date index, or another "
                    + "instance's sweep): left as it is");
        }
        metrics.swept(tasks.checked(), complaints.checked(), Duration.ofNanos(System.nanoTime() - started));
        return new Result(true, from, today, tasks.checked(), complaints.checked());
    }

    /** Whether the due-date index has taken in every event stored so far, so that a sweep now reads it whole. */
    boolean indexCaughtUp() {
        return progress.caughtUp(DueDateIndexProjection.PROCESSING_GROUP, INDEX_WAIT);
    }

    private static LocalDate min(LocalDate a, LocalDate b) {
        return a.isBefore(b) ? a : b;
    }
}
