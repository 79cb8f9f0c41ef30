package dev.closeout.application.deadline;

import dev.closeout.application.axon.StoredTokens;
import dev.closeout.domain.common.Actor;
import dev.closeout.domain.complaint.ComplaintCommand.CheckComplaintDeadline;
import dev.closeout.domain.complaint.ComplaintId;
import dev.closeout.domain.task.TaskCommand.CheckTaskDeadline;
import dev.closeout.domain.task.TaskId;
import dev.closeout.domain.time.DeadlinePolicy;
import dev.closeout.domain.time.DueDates;
import dev.closeout.projections.deadline.DueDateIndex;
import dev.closeout.projections.deadline.DueDateIndexProjection;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.modelling.command.ConcurrencyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import com.mongodb.client.model.Filters;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

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
 * it; otherwise it waits briefly and then leaves the day for the next sweep.
 * <p>
 * An item whose check fails does not hold the mark back (every later sweep would read all the days
 * since, and the load would grow daily): its id goes into a small retry list, written before the
 * mark moves, and the next sweeps check it again until it succeeds or has failed on
 * {@value #MAX_FAILED_DAYS} days, when it is dropped with an ERROR naming it.
 */
@Component
public class DueDateSweep {

    private static final Logger log = LoggerFactory.getLogger(DueDateSweep.class);
    private static final int DAYS_PER_READ = 31;
    private static final Duration INDEX_WAIT = Duration.ofSeconds(10);
    /** Days an item's check may fail on before the sweep gives up on it. */
    static final int MAX_FAILED_DAYS = 3;
    /** Bound of the retry list, which is one document (about 70 bytes an entry). */
    static final int MAX_RETRIES = 5_000;

    /** What one sweep did: the days read and the checks sent, or that it left the work for later. */
    public record Result(boolean swept, LocalDate from, LocalDate to, int tasksChecked, int complaintsChecked) {
    }

    private final DueDateIndex index;
    private final CommandGateway commands;
    private final EventStore eventStore;
    private final EventProcessingConfiguration processing;
    private final DeadlinePolicy policy;
    private final Clock clock;
    private final StoredTokens tokens;

    public DueDateSweep(DueDateIndex index, CommandGateway commands, EventStore eventStore,
                        EventProcessingConfiguration processing, DeadlinePolicy policy, Clock clock,
                        StoredTokens tokens) {
        this.tokens = tokens;
        this.index = index;
        this.commands = commands;
        this.eventStore = eventStore;
        this.processing = processing;
        this.policy = policy;
        this.clock = clock;
    }

    /** Serialised within an instance: two overlapping sweeps here would only send each check twice. */
    public synchronized Result sweep() {
        LocalDate today = DueDates.today(clock, policy.zone());
        if (!indexCaughtUp()) {
            log.info("Deadline sweep postponed: the due-date index is still catching up with the event store");
            return new Result(false, null, today, 0, 0);
        }
        LocalDate from = index.lastSwept().map(day -> day.minusDays(1))
                .or(index::oldest).orElse(today);
        DueDateIndex.Retries pending = index.retries();
        Checks tasks = new Checks(DueDateIndex.Kind.TASK, pending.tasks(), today);
        Checks complaints = new Checks(DueDateIndex.Kind.COMPLAINT, pending.complaints(), today);
        for (LocalDate start = from; !start.isAfter(today); start = start.plusDays(DAYS_PER_READ)) {
            List<LocalDate> days = start.datesUntil(min(start.plusDays(DAYS_PER_READ), today.plusDays(1))).toList();
            DueDateIndex.Due due = index.filedOn(days);
            for (String id : due.tasks()) {
                tasks.check(id, () -> new CheckTaskDeadline(new TaskId(id), today, Actor.SYSTEM));
            }
            for (String id : due.complaints()) {
                complaints.check(id, () -> new CheckComplaintDeadline(new ComplaintId(id), today, Actor.SYSTEM));
            }
        }
        // The items that failed before and were not filed in the days just read (their date is
        // behind the mark): retried here, since nothing else would check them again.
        for (String id : tasks.leftToRetry()) {
            tasks.check(id, () -> new CheckTaskDeadline(new TaskId(id), today, Actor.SYSTEM));
        }
        for (String id : complaints.leftToRetry()) {
            complaints.check(id, () -> new CheckComplaintDeadline(new ComplaintId(id), today, Actor.SYSTEM));
        }
        // Past its bound the list keeps no new failures, and the mark stays, so the next sweep reads
        // their days again (what every sweep did before the list).
        int notKept = tasks.notKept + complaints.notKept;
        if (notKept > 0) {
            log.error("Deadline checks of {} items failed and were not kept for retry, the retry list holding its "
                            + "bound of {}; the sweep mark stays at {} until the cause is fixed",
                    notKept, MAX_RETRIES, index.lastSwept().orElse(null));
        }
        // The mark moves only after the failures are written: a crash in between reads the days again.
        if (notKept == 0 && index.lastSwept().map(today::isAfter).orElse(true)) {
            index.markSwept(today);
        }
        return new Result(true, from, today, tasks.checked.size(), complaints.checked.size());
    }

    /**
     * The checks of one kind in one sweep: each item is checked once; a failure is written to the
     * retry list at once, as one atomic change of that item's entry, so that sweeps running at the
     * same moment on other instances keep theirs. Counting days, not sweeps, because the sweep runs
     * every minute: a fault lasting an hour would otherwise use up the attempts of items that are fine.
     */
    private final class Checks {
        private final DueDateIndex.Kind kind;
        private final LocalDate today;
        private final Set<String> previous = new LinkedHashSet<>();
        private final Set<String> checked = new HashSet<>();
        private int notKept;

        Checks(DueDateIndex.Kind kind, List<DueDateIndex.Retry> pending, LocalDate today) {
            this.kind = kind;
            this.today = today;
            pending.forEach(r -> previous.add(r.id()));
        }

        void check(String id, Supplier<Object> command) {
            if (!checked.add(id)) {
                return;
            }
            if (DueDateSweep.this.check(kind + " " + id, command)) {
                if (previous.contains(id)) {
                    log.info("Deadline check of {} {} succeeded on retry", kind, id);
                    index.forget(kind, id);
                }
                return;
            }
            int failedDays = index.failed(kind, id, today, MAX_RETRIES);
            if (failedDays == 0) {
                notKept++;
            } else if (failedDays >= MAX_FAILED_DAYS) {
                log.error("Deadline check of {} {} failed on {} days; the sweep stops retrying it. It is checked "
                                + "again when an event moves it in the due-date index or the index is rebuilt",
                        kind, id, failedDays);
                index.forget(kind, id);
            }
        }

        List<String> leftToRetry() {
            return previous.stream().filter(id -> !checked.contains(id)).toList();
        }
    }

    /**
     * Another instance may record the same check at the same moment: the loser's append is refused
     * as a concurrent change, and checking again reloads the item, finds the fact recorded and
     * records nothing.
     */
    private boolean check(String item, Supplier<Object> command) {
        for (int attempt = 1; ; attempt++) {
            try {
                commands.sendAndWait(command.get());
                return true;
            } catch (ConcurrencyException e) {
                if (attempt == 3) {
                    log.warn("Deadline check of {} kept meeting concurrent changes; the next sweeps retry it", item);
                    return false;
                }
            } catch (RuntimeException e) {
                log.warn("Deadline check of {} failed; the next sweeps retry it", item, e);
                return false;
            }
        }
    }

    /** Whether the due-date index has taken in every event stored so far, so that a sweep now reads it whole. */
    boolean indexCaughtUp() {
        TrackingToken head = eventStore.createHeadToken();
        if (head == null) {
            return true;
        }
        long deadline = System.nanoTime() + INDEX_WAIT.toNanos();
        while (true) {
            if (covers(head)) {
                return true;
            }
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    private boolean covers(TrackingToken head) {
        Map<Integer, EventTrackerStatus> segments = processing
                .eventProcessor(DueDateIndexProjection.PROCESSING_GROUP, TrackingEventProcessor.class)
                .map(TrackingEventProcessor::processingStatus).orElse(Map.of());
        Collection<EventTrackerStatus> statuses = new ArrayList<>(segments.values());
        if (statuses.isEmpty()) {
            return storedTokensCover(head);
        }
        return statuses.stream()
                .allMatch(s -> s.getTrackingToken() != null && s.getTrackingToken().covers(head));
    }

    /**
     * With several instances only one owns the index's segment, and the others' processors report no
     * status: there the tokens stored by the owner are read (not claimed, as fetchToken would), since
     * the index they describe is the same shared collection this instance reads.
     */
    private boolean storedTokensCover(TrackingToken head) {
        List<StoredTokens.Stored> stored =
                tokens.find(Filters.eq("processorName", DueDateIndexProjection.PROCESSING_GROUP));
        return !stored.isEmpty() && stored.stream().allMatch(s -> s.token() != null && s.token().covers(head));
    }

    private static LocalDate min(LocalDate a, LocalDate b) {
        return a.isBefore(b) ? a : b;
    }
}
