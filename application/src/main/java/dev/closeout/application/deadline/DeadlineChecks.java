package dev.closeout.application.deadline;

import dev.closeout.domain.common.Actor;
import dev.closeout.domain.complaint.ComplaintCommand.CheckComplaintDeadline;
import dev.closeout.domain.complaint.ComplaintId;
import dev.closeout.domain.task.TaskCommand.CheckTaskDeadline;
import dev.closeout.domain.task.TaskId;
import dev.closeout.projections.deadline.DueDateIndex;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.ConcurrencyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.LocalDate;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The deadline checks of one kind of item in one sweep: each item is checked once; a failure is
 * written to the index's retry list at once, as one atomic change of that item's entry, so that
 * sweeps running at the same moment on other instances keep theirs. Failures are counted in days,
 * not sweeps, because the sweep runs every minute: a fault lasting an hour would otherwise use up
 * the attempts of items that are fine. An item that failed on {@value #MAX_FAILED_DAYS} days is
 * dropped with an ERROR naming it.
 */
final class DeadlineChecks {

    /** Days an item's check may fail on before the sweep gives up on it. */
    static final int MAX_FAILED_DAYS = 3;
    /** Bound of the retry list, which is one document (about 70 bytes an entry). */
    static final int MAX_RETRIES = 5_000;

    /** The sweep's own log: operators follow one logger for the sweep and its checks. */
    private static final Logger log = LoggerFactory.getLogger(DueDateSweep.class);

    private final DueDateIndex index;
    private final CommandGateway commands;
    private final DueDateIndex.Kind kind;
    private final LocalDate today;
    private final Set<String> previous = new LinkedHashSet<>();
    private final Set<String> checked = new HashSet<>();
    private int notKept;

    DeadlineChecks(DueDateIndex index, CommandGateway commands, DueDateIndex.Kind kind,
                   List<DueDateIndex.Retry> pending, LocalDate today) {
        this.index = index;
        this.commands = commands;
        this.kind = kind;
        this.today = today;
        pending.forEach(r -> previous.add(r.id()));
    }

    void check(String id) {
        if (!checked.add(id)) {
            return;
        }
        if (send(id)) {
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
                    + "again when an event moves it in the due-date index or the index is rebuilt", kind, id, failedDays);
            index.forget(kind, id);
        }
    }

    /**
     * The items that failed before and were not filed in the days just read (their date is behind
     * the mark): checked here, since nothing else would check them again.
     */
    void retryTheRest() {
        previous.stream().filter(id -> !checked.contains(id)).toList().forEach(this::check);
    }

    int checked() {
        return checked.size();
    }

    /** Failures the full retry list could not keep. */
    int notKept() {
        return notKept;
    }

    /**
     * Another instance may record the same check at the same moment: the loser's append is refused
     * as a concurrent change, and checking again reloads the item, finds the fact recorded and
     * records nothing.
     */
    private boolean send(String id) {
        for (int attempt = 1; ; attempt++) {
            try {
                commands.sendAndWait(command(id));
                return true;
            } catch (ConcurrencyException e) {
                if (attempt == 3) {
                    log.warn("Deadline check of {} {} kept meeting concurrent changes; the next sweeps retry it",
                            kind, id);
                    return false;
                }
            } catch (RuntimeException e) {
                log.warn("Deadline check of {} {} failed; the next sweeps retry it", kind, id, e);
                return false;
            }
        }
    }

    private Object command(String id) {
        return kind == DueDateIndex.Kind.TASK
                ? new CheckTaskDeadline(new TaskId(id), today, Actor.SYSTEM)
                : new CheckComplaintDeadline(new ComplaintId(id), today, Actor.SYSTEM);
    }
}
