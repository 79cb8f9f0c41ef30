package dev.closeout.projections.audit;

import dev.closeout.domain.common.Actor;
import dev.closeout.domain.task.TaskEvent.TaskRegistered;
import dev.closeout.domain.task.TaskId;
import dev.closeout.domain.task.TaskSource;
import dev.closeout.projections.support.Batches;
import dev.closeout.projections.support.EmbeddedMongo;
import dev.closeout.projections.support.OfficeZone;
import dev.closeout.projections.support.WriteCosts;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.GenericTrackedEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;


/**
 * The cost model (decision 0009) for the audit trail, which the application's {@code CostModelTest} leaves out: where
 * an event's writes fall on the trail's pages depends on its global index, which a shared store does not fix. Here the
 * trail has a store of its own, so an event at the same place on its pages is measured in a short trail and in a long
 * one: it writes the same few documents of the same size, and every query and update names documents by {@code _id}.
 */
class AuditTrailCostTest {

    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final Instant MONDAY = Instant.parse("2025-05-19T02:00:00Z");
    private static final Actor SUPERVISOR = Actor.supervisor("supervisor");
    /** Two global indexes at the same place on the trail's pages (of 16 list slots and of 32 placements). */
    private static final int EARLY = 21;
    private static final int LATE = 21 + 4 * 32;

    @Test
    void an_event_writes_a_few_documents_of_the_same_size_whether_the_trail_is_short_or_long_by_exact_keys() {
        WriteCosts costs = new WriteCosts();
        try (EmbeddedMongo mongo = new EmbeddedMongo()) {
            AuditTrailProjection trail = new AuditTrailProjection(mongo.database("trail", costs.listener()),
                    new OfficeZone(ZONE));
            costs.assertTheSameAt(EARLY, LATE, globalIndex -> Batches.deliver(trail, List.of(registered(globalIndex))));
        }
    }

    private static TaskRegistered payload(int i) {
        return new TaskRegistered(new TaskId("task-" + i), "督查台账", "任务 " + i, null, "DEPT-A", List.of(), null,
                TaskSource.SELF_IDENTIFIED, LocalDate.of(2025, 6, 10), SUPERVISOR, null);
    }

    private static EventMessage<?> registered(int globalIndex) {
        return new GenericTrackedEventMessage<>(new GlobalSequenceTrackingToken(globalIndex),
                new GenericEventMessage<>(UUID.randomUUID().toString(), payload(globalIndex), Map.of(),
                        MONDAY.plusSeconds(60L * globalIndex)));
    }
}
