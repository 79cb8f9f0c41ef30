package dev.closeout.projections.support;

import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.bson.RawBsonDocument;
import org.bson.codecs.BsonDocumentCodec;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntConsumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a read model sends the store for one event, told by the driver (the cost model, decision 0009, for a read
 * model on a store of its own): each command's name, the bytes it gives the store to keep, and whether it names its
 * documents by {@code _id}. {@link #listener()} records into it; {@link #take()} hands over what was recorded since
 * the last take.
 */
public final class WriteCosts {

    private static final Set<String> WRITES = Set.of("insert", "update", "delete", "findAndModify");
    /** Bytes an event may write to one read model: a few small documents, far from a bucket of lines or a day's ids. */
    private static final long BOUND = 6 * 1024;
    /** A key one digit longer, a version one digit longer. */
    private static final long SAME_WITHIN = 64;

    private final List<Command> commands = new CopyOnWriteArrayList<>();

    public CommandListener listener() {
        return new CommandListener() {
            @Override
            public void commandStarted(CommandStartedEvent event) {
                BsonDocument command = event.getCommand();
                commands.add(new Command(event.getCommandName(), written(command), selectsById(command)));
            }
        };
    }

    /** The commands recorded since the last take. */
    public List<Command> take() {
        List<Command> taken = List.copyOf(commands);
        commands.clear();
        return taken;
    }

    /**
     * Delivers items 1 to {@code many} by {@code deliverItem} and asserts that item {@code many} costs what item
     * {@code few} did ({@link #assertTheSame}).
     */
    public void assertTheSameAt(int few, int many, IntConsumer deliverItem) {
        List<Command> early = List.of();
        List<Command> late = List.of();
        for (int item = 1; item <= many; item++) {
            take();
            deliverItem.accept(item);
            if (item == few) {
                early = take();
            } else if (item == many) {
                late = take();
            }
        }
        assertTheSame(early, late);
    }

    /**
     * That the same event, or events, written with many items stored ({@code many}) cost what they cost with few
     * ({@code few}): as many writes, the same bytes within {@value #SAME_WITHIN}, no more than {@value #BOUND}, and
     * every command naming its documents by {@code _id}. Prints both, as the application's cost model does.
     */
    public static void assertTheSame(List<Command> few, List<Command> many) {
        System.out.printf("%d writes of %d bytes with few items, %d of %d with many%n", writes(few).size(), bytes(few),
                writes(many).size(), bytes(many));
        assertThat(writes(few)).as("what the read model writes").isNotEmpty();
        assertThat(writes(many)).as("writes with many items: %s", many).hasSameSizeAs(writes(few));
        assertThat(bytes(many)).as("bytes written with many items: %s", many).isLessThanOrEqualTo(BOUND)
                .isBetween(bytes(few) - SAME_WITHIN, bytes(few) + SAME_WITHIN);
        assertThat(many).as("commands naming documents other than by _id").filteredOn(command -> !command.byId()).isEmpty();
    }

    public static List<Command> writes(List<Command> commands) {
        return commands.stream().filter(command -> WRITES.contains(command.name())).toList();
    }

    public static long bytes(List<Command> commands) {
        return writes(commands).stream().mapToLong(Command::bytes).sum();
    }

    /** The size of what a write command sends to be stored: its documents, updates or deletions. */
    private static long written(BsonDocument command) {
        long bytes = 0;
        for (String field : List.of("documents", "updates", "deletes")) {
            if (command.containsKey(field)) {
                for (BsonValue each : command.getArray(field)) {
                    bytes += size(each.asDocument());
                }
            }
        }
        if (command.containsKey("findAndModify") && command.containsKey("update")) {
            bytes += size(command.getDocument("update"));
        }
        return bytes;
    }

    private static long size(BsonDocument document) {
        return new RawBsonDocument(document, new BsonDocumentCodec()).getByteBuffer().remaining();
    }

    /**
     * Whether every filter the command carries names its documents by {@code _id} at its top level, which MongoDB's
     * {@code _id} index serves and the embedded store's too, other fields then checked on the one document found (a
     * placement page's version); the embedded store's index does not serve an {@code $and} of the same conditions.
     */
    private static boolean selectsById(BsonDocument command) {
        List<BsonDocument> filters = new ArrayList<>();
        for (String field : List.of("filter", "query")) {
            if (command.containsKey(field)) {
                filters.add(command.getDocument(field));
            }
        }
        for (String field : List.of("updates", "deletes")) {
            if (command.containsKey(field)) {
                command.getArray(field).forEach(each -> filters.add(each.asDocument().getDocument("q")));
            }
        }
        return filters.stream().allMatch(filter -> filter.containsKey("_id"));
    }

    /** A command sent: its name, the bytes it gives the store to keep, and whether it names documents by {@code _id}. */
    public record Command(String name, long bytes, boolean byId) {
    }
}
