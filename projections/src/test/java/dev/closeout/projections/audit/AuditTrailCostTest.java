package dev.closeout.projections.audit;

import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import dev.closeout.domain.common.Actor;
import dev.closeout.domain.task.TaskEvent.TaskRegistered;
import dev.closeout.domain.task.TaskId;
import dev.closeout.domain.task.TaskSource;
import dev.closeout.projections.support.Batches;
import dev.closeout.projections.support.EmbeddedMongo;
import dev.closeout.projections.support.OfficeZone;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.GenericTrackedEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.bson.RawBsonDocument;
import org.bson.codecs.BsonDocumentCodec;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

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
    private static final long BOUND = 6 * 1024;
    private static final long SAME_WITHIN = 64;
    private static final Set<String> WRITES = Set.of("insert", "update", "delete", "findAndModify");

    @Test
    void an_event_writes_a_few_documents_of_the_same_size_whether_the_trail_is_short_or_long_by_exact_keys() {
        List<Command> commands = new CopyOnWriteArrayList<>();
        try (EmbeddedMongo mongo = new EmbeddedMongo()) {
            AuditTrailProjection trail = new AuditTrailProjection(mongo.database("trail", recordingTo(commands)),
                    new OfficeZone(ZONE));
            List<Command> early = List.of();
            List<Command> late = List.of();
            for (int globalIndex = 1; globalIndex <= LATE; globalIndex++) {
                commands.clear();
                Batches.deliver(trail, List.of(registered(globalIndex)));
                if (globalIndex == EARLY) {
                    early = List.copyOf(commands);
                } else if (globalIndex == LATE) {
                    late = List.copyOf(commands);
                }
            }

            assertThat(writes(late)).as("writes at index %d: %s", LATE, late).hasSameSizeAs(writes(early));
            assertThat(bytes(late)).as("bytes written at index %d: %s", LATE, late)
                    .isLessThanOrEqualTo(BOUND).isBetween(bytes(early) - SAME_WITHIN, bytes(early) + SAME_WITHIN);
            assertThat(late).as("commands naming documents other than by _id")
                    .filteredOn(command -> !command.byId()).isEmpty();
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

    private static List<Command> writes(List<Command> commands) {
        return commands.stream().filter(command -> WRITES.contains(command.name())).toList();
    }

    private static long bytes(List<Command> commands) {
        return writes(commands).stream().mapToLong(Command::bytes).sum();
    }

    private static CommandListener recordingTo(List<Command> commands) {
        return new CommandListener() {
            @Override
            public void commandStarted(CommandStartedEvent event) {
                BsonDocument command = event.getCommand();
                commands.add(new Command(event.getCommandName(), written(command), selectsById(command)));
            }
        };
    }

    /** The size of what a write command sends to be stored: its documents, updates or deletions. */
    private static long written(BsonDocument command) {
        long bytes = 0;
        for (String field : List.of("documents", "updates", "deletes")) {
            if (command.containsKey(field)) {
                for (BsonValue each : command.getArray(field)) {
                    bytes += new RawBsonDocument(each.asDocument(), new BsonDocumentCodec()).getByteBuffer().remaining();
                }
            }
        }
        if (command.containsKey("update") && command.containsKey("findAndModify")) {
            bytes += new RawBsonDocument(command.getDocument("update"), new BsonDocumentCodec()).getByteBuffer().remaining();
        }
        return bytes;
    }

    /**
     * Whether every filter the command carries names its documents by {@code _id} at its top level, which MongoDB's
     * {@code _id} index serves and the embedded store's too, other fields then checked on the one document found (a
     * placement page's version); the embedded store's index does not serve an {@code $and} of the same conditions.
     */
    private static boolean selectsById(BsonDocument command) {
        List<BsonDocument> filters = new ArrayList<>();
        if (command.containsKey("filter")) {
            filters.add(command.getDocument("filter"));
        }
        if (command.containsKey("query")) {
            filters.add(command.getDocument("query"));
        }
        for (String field : List.of("updates", "deletes")) {
            if (command.containsKey(field)) {
                command.getArray(field).forEach(each -> filters.add(each.asDocument().getDocument("q")));
            }
        }
        return filters.stream().allMatch(filter -> filter.containsKey("_id"));
    }

    /** A command the trail sent: its name, the bytes it writes, and whether it names documents by {@code _id}. */
    private record Command(String name, long bytes, boolean byId) {
    }
}
