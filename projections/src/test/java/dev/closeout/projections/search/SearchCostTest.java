package dev.closeout.projections.search;

import dev.closeout.domain.common.Actor;
import dev.closeout.domain.task.TaskEvent.TaskClaimed;
import dev.closeout.domain.task.TaskEvent.TaskRegistered;
import dev.closeout.domain.task.TaskId;
import dev.closeout.domain.task.TaskSource;
import dev.closeout.projections.support.Batches;
import dev.closeout.projections.support.EmbeddedMongo;
import dev.closeout.projections.support.WriteCosts;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.GenericTrackedDomainEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;


/**
 * The cost model (decision 0009) for the search index's read model, which the application's {@code CostModelTest}
 * leaves out: its change log is numbered across every item and trimmed every {@code 250} changes, so what one
 * command writes there depends on how many changes a shared test store holds. Here the read model has a store of its
 * own, and a registration and a claim at the same place in the change log are measured with few items and with many:
 * the same writes, of the same size, every command naming its documents by {@code _id}.
 */
class SearchCostTest {

    private static final Instant MONDAY = Instant.parse("2025-05-19T02:00:00Z");
    private static final Actor SUPERVISOR = Actor.supervisor("supervisor");
    /** Two items whose registrations and claims fall at the same place in the change log (numbered mod 250). */
    private static final int EARLY = 21;
    private static final int LATE = 21 + 125;

    @Test
    void a_registration_and_a_claim_write_the_same_few_documents_with_few_items_or_many_by_exact_keys() {
        WriteCosts costs = new WriteCosts();
        try (EmbeddedMongo mongo = new EmbeddedMongo()) {
            SearchProjection search = new SearchProjection(mongo.database("search", costs.listener()));
            costs.assertTheSameAt(EARLY, LATE, item -> {
                Batches.deliver(search, List.of(event(2L * item - 1, item, 0, registered(item))));
                Batches.deliver(search, List.of(event(2L * item, item, 1, claimed(item))));
            });
        }
    }

    private static TaskRegistered registered(int item) {
        return new TaskRegistered(new TaskId("task-" + item), "督查台账", "背街小巷环境整治 " + item, "整治方案已报送", "DEPT-A",
                List.of(), null, TaskSource.SELF_IDENTIFIED, LocalDate.of(2025, 6, 10), SUPERVISOR, null);
    }

    private static TaskClaimed claimed(int item) {
        return new TaskClaimed(new TaskId("task-" + item), Actor.department("dept-a", "DEPT-A"));
    }

    private static EventMessage<?> event(long globalIndex, int item, long sequence, Object payload) {
        return new GenericTrackedDomainEventMessage<>(new GlobalSequenceTrackingToken(globalIndex),
                new GenericDomainEventMessage<>("Task", "task-" + item, sequence, payload, Map.of(),
                        UUID.randomUUID().toString(), MONDAY.plusSeconds(60 * globalIndex)));
    }
}
