package dev.closeout.projections.inspection;

import com.mongodb.client.MongoDatabase;
import dev.closeout.domain.inspection.InspectionEvent.FindingConvertedToTask;
import dev.closeout.domain.inspection.InspectionEvent.FindingRecorded;
import dev.closeout.domain.inspection.InspectionEvent.RoundClosed;
import dev.closeout.domain.inspection.InspectionEvent.RoundOpened;
import dev.closeout.domain.inspection.InspectionEvent.UnitInspected;
import dev.closeout.domain.inspection.InspectionRoundId;
import dev.closeout.domain.task.TaskEvent.TaskClosed;
import dev.closeout.domain.task.TaskEvent.TaskReopened;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;

import java.time.Instant;
import java.util.function.UnaryOperator;

/**
 * Keeps the inspection rounds' read model ({@link InspectionRounds}) from the rounds' events and the
 * closing and reopening of the tasks their findings became. One processor reads both in the order
 * they were stored, so a finding's conversion (which precedes its task's registration) is always
 * linked before that task can be closed. Every handler may be redelivered: a round's view ignores an
 * event it already reflects, a link is written once, and a task's closed state is set, not toggled.
 */
@ProcessingGroup(InspectionRoundProjection.PROCESSING_GROUP)
public class InspectionRoundProjection {

    public static final String PROCESSING_GROUP = "inspection-rounds";

    private final InspectionRounds rounds;

    public InspectionRoundProjection(MongoDatabase database) {
        this.rounds = new InspectionRounds(database);
    }

    @EventHandler
    void on(RoundOpened e, @SequenceNumber long seq, @Timestamp Instant at) {
        if (rounds.find(e.roundId().value()).isEmpty()) {
            rounds.list(e.roundId().value());
            rounds.create(InspectionRoundView.opened(e, seq, at));
        }
    }

    @EventHandler
    void on(FindingRecorded e, @SequenceNumber long seq, @Timestamp Instant at) {
        update(e.roundId(), seq, v -> v.findingRecorded(new InspectionRoundView.Finding(e.findingId().value(),
                e.unit(), e.description(), at, e.actor(), null, null), seq, at));
    }

    @EventHandler
    void on(UnitInspected e, @SequenceNumber long seq, @Timestamp Instant at) {
        update(e.roundId(), seq, v -> v.unitInspected(e.unit(), e.actor(), seq, at));
    }

    @EventHandler
    void on(FindingConvertedToTask e, @SequenceNumber long seq, @Timestamp Instant at) {
        rounds.linked(new InspectionTaskLink(e.taskId().value(), e.roundId().value(), e.findingId().value(), false));
        update(e.roundId(), seq, v -> v.findingConverted(e.findingId().value(), e.taskId().value(), seq, at));
    }

    @EventHandler
    void on(RoundClosed e, @SequenceNumber long seq, @Timestamp Instant at) {
        update(e.roundId(), seq, v -> v.closed(e.actor(), seq, at));
    }

    /** 销号: the problem a finding found is rectified. */
    @EventHandler
    void on(TaskClosed e) {
        rounds.taskClosed(e.taskId().value(), true);
    }

    /** 回头看: the rectification was not real, so the problem is open again. */
    @EventHandler
    void on(TaskReopened e) {
        rounds.taskClosed(e.taskId().value(), false);
    }

    /** A rebuild starts from nothing: every view, link and listing is made again from the events. */
    @ResetHandler
    void reset() {
        rounds.deleteAll();
    }

    private void update(InspectionRoundId id, long seq, UnaryOperator<InspectionRoundView> change) {
        rounds.update(id.value(), seq, change);
    }
}
