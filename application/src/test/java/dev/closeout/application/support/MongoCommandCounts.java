package dev.closeout.application.support;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.event.CommandFailedEvent;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import com.mongodb.event.CommandSucceededEvent;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.codecs.BsonDocumentCodec;
import org.bson.codecs.EncoderContext;
import org.bson.io.BasicOutputBuffer;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Counts what the application asks of MongoDB, per command type and collection: documents and bytes
 * read, documents written, the bytes of the documents a write leaves behind (what a storage engine
 * rewrites: an inserted document, or the whole document an update changes, however small the change
 * sent), and each query's filter classified as exact-key or not. The counts come from the driver, so
 * they are the same on the embedded server and on MongoDB (decision 0008).
 * <p>
 * A plain {@code @Component} in the test sources: component scanning of the test classpath declares
 * it in every application context a test or benchmark starts, and {@code MongoConfiguration} hands
 * every {@link CommandListener} bean to the client. It counts only while a {@link Recording} is open,
 * and never what the thread measuring does itself (see {@link #muted(Supplier)}).
 */
@Component
public class MongoCommandCounts implements CommandListener {

    /** Database-level commands of the driver itself: no collection, no cost of ours. */
    private static final Set<String> DRIVER_COMMANDS = Set.of("hello", "ismaster", "isMaster", "ping", "endSessions",
            "buildInfo", "saslStart", "saslContinue", "killCursors", "listCollections", "listIndexes", "createIndexes");

    private final ThreadLocal<Boolean> muted = ThreadLocal.withInitial(() -> false);
    private final Map<Integer, Op> started = new ConcurrentHashMap<>();
    /** The collection a cursor reads, by cursor id, for the getMores that follow a find. */
    private final Map<Long, String> cursors = new ConcurrentHashMap<>();
    private volatile Recording recording;

    /** One command as sent and answered. */
    public static final class Op {
        final String command;
        final String collection;
        final List<String> inexact = new ArrayList<>();
        final List<BsonValue> rewritten = new ArrayList<>();
        long bytesInserted;
        int docsWritten;
        int docsRead;
        long bytesRead;
        boolean query;

        Op(String command, String collection) {
            this.command = command;
            this.collection = collection;
        }
    }

    /** What was counted while the recording was open. */
    public final class Recording {
        private final List<Op> ops = new ArrayList<>();
        /** The stores the counted commands went to: the events' and the read models' (decision 0020), or one. */
        private final List<MongoDatabase> databases;
        private final Map<String, List<Set<String>>> uniqueKeys;
        /** The one thread counted, or null for all. */
        private final Thread only;

        private Recording(List<MongoDatabase> databases, Map<String, List<Set<String>>> uniqueKeys, Thread only) {
            this.databases = databases;
            this.uniqueKeys = uniqueKeys;
            this.only = only;
        }

        synchronized void add(Op op) {
            ops.add(op);
        }

        /** Ends the recording and sums it per collection and command, sizing each document an update rewrote. */
        public Costs stop() {
            if (recording == this) {
                recording = null;
            }
            List<Op> all;
            synchronized (this) {
                all = List.copyOf(ops);
            }
            return muted(() -> costs(all));
        }

        private Costs costs(List<Op> all) {
            Map<String, Map<BsonValue, Long>> sizes = new HashMap<>();
            Map<String, Set<BsonValue>> wanted = new HashMap<>();
            all.forEach(op -> wanted.computeIfAbsent(op.collection, c -> new LinkedHashSet<>()).addAll(op.rewritten));
            wanted.forEach((collection, ids) -> {
                if (ids.isEmpty()) {
                    return;
                }
                Map<BsonValue, Long> found = sizes.computeIfAbsent(collection, c -> new HashMap<>());
                for (MongoDatabase database : databases) {
                    for (RawBsonDocument d : database.getCollection(collection, RawBsonDocument.class)
                            .find(Filters.in("_id", List.copyOf(ids)))) {
                        found.put(d.get("_id"), (long) d.getByteBuffer().remaining());
                    }
                }
            });
            Map<String, Cost> byKey = new TreeMap<>();
            for (Op op : all) {
                Cost cost = byKey.computeIfAbsent(op.collection + " " + op.command,
                        k -> new Cost(op.collection, op.command));
                cost.commands++;
                cost.docsRead += op.docsRead;
                cost.bytesRead += op.bytesRead;
                cost.docsWritten += op.docsWritten;
                cost.bytesWritten += op.bytesInserted;
                for (BsonValue id : op.rewritten) {
                    cost.bytesWritten += sizes.getOrDefault(op.collection, Map.of()).getOrDefault(id, 0L);
                }
                if (op.query) {
                    cost.queries++;
                }
                cost.inexact.addAll(op.inexact);
            }
            return new Costs(List.copyOf(byKey.values()));
        }

        private boolean exact(String collection, BsonDocument filter) {
            if (filter.size() == 1 && filter.containsKey("_id")) {
                BsonValue value = filter.get("_id");
                return literal(value) || isOperator(value, "$in") || isOperator(value, "$eq");
            }
            // one document by its _id, written only where it still holds what the writer read ({_id, version})
            if (filter.containsKey("_id") && filter.values().stream().allMatch(v -> !v.isDocument() && !v.isArray())) {
                return true;
            }
            for (Set<String> key : uniqueKeys.getOrDefault(collection, List.of())) {
                if (filter.keySet().equals(key) && filter.values().stream().allMatch(v -> literal(v)
                        || key.size() == 1 && (isOperator(v, "$in") || isOperator(v, "$eq")))) {
                    return true;
                }
            }
            return false;
        }
    }

    /** The counts of one collection and command type. */
    public static final class Cost {
        public final String collection;
        public final String command;
        public int commands;
        public int queries;
        public long docsRead;
        public long bytesRead;
        public long docsWritten;
        public long bytesWritten;
        /** The shapes of filters that were not exact-key lookups. */
        public final Set<String> inexact = new LinkedHashSet<>();

        Cost(String collection, String command) {
            this.collection = collection;
            this.command = command;
        }
    }

    /** Everything one recording counted. */
    public record Costs(List<Cost> all) {

        public Costs only(Set<String> collections) {
            return new Costs(all.stream().filter(c -> collections.contains(c.collection)).toList());
        }

        public long bytesWritten() {
            return all.stream().mapToLong(c -> c.bytesWritten).sum();
        }

        public long docsWritten() {
            return all.stream().mapToLong(c -> c.docsWritten).sum();
        }

        public long docsRead() {
            return all.stream().mapToLong(c -> c.docsRead).sum();
        }

        public long bytesRead() {
            return all.stream().mapToLong(c -> c.bytesRead).sum();
        }

        public int queries() {
            return all.stream().mapToInt(c -> c.queries).sum();
        }

        /** "collection: filter shape" of every query that was not an exact-key lookup. */
        public Set<String> inexact() {
            Set<String> shapes = new LinkedHashSet<>();
            all.forEach(c -> c.inexact.forEach(shape -> shapes.add(c.collection + " " + c.command + " " + shape)));
            return shapes;
        }

        /** Per collection: documents written and their bytes, e.g. {@code ledger_lines 1 doc 212 B}. */
        public String writes() {
            Map<String, long[]> byCollection = new TreeMap<>();
            all.forEach(c -> {
                long[] sum = byCollection.computeIfAbsent(c.collection, k -> new long[2]);
                sum[0] += c.docsWritten;
                sum[1] += c.bytesWritten;
            });
            StringBuilder text = new StringBuilder();
            byCollection.forEach((collection, sum) -> {
                if (sum[0] > 0 || sum[1] > 0) {
                    text.append(text.isEmpty() ? "" : ", ").append(collection).append(' ').append(sum[0])
                            .append(" doc ").append(sum[1]).append(" B");
                }
            });
            return text.toString();
        }
    }

    /**
     * Opens a recording: from now on every command of every thread but a muted one is counted.
     * The unique indexes of the database's collections are read first, so that equality on a
     * declared unique key counts as exact.
     */
    public Recording start(MongoDatabase database) {
        return open(List.of(database), null);
    }

    /**
     * As {@link #start(MongoDatabase)}, for an application whose read models have a store of their own (the embedded
     * default, decision 0020): the documents a write leaves behind are looked up in whichever store holds them.
     */
    public Recording start(MongoDatabase events, MongoDatabase readModels) {
        return open(events == readModels ? List.of(events) : List.of(events, readModels), null);
    }

    /**
     * Opens a recording of what this thread alone asks: a command's own work (it is handled on the
     * thread that sends it), not its projections'.
     */
    public Recording startOnThisThread(MongoDatabase database) {
        return open(List.of(database), Thread.currentThread());
    }

    private Recording open(List<MongoDatabase> databases, Thread only) {
        Map<String, List<Set<String>>> uniqueKeys = new HashMap<>();
        databases.forEach(database -> uniqueKeys.putAll(muted(() -> uniqueKeys(database))));
        Recording opened = new Recording(databases, uniqueKeys, only);
        recording = opened;
        return opened;
    }

    /** Runs {@code work} on this thread without counting what it asks of the database. */
    public <T> T muted(Supplier<T> work) {
        boolean was = muted.get();
        muted.set(true);
        try {
            return work.get();
        } finally {
            muted.set(was);
        }
    }

    private static Map<String, List<Set<String>>> uniqueKeys(MongoDatabase database) {
        Map<String, List<Set<String>>> keys = new HashMap<>();
        for (String collection : database.listCollectionNames()) {
            for (Document index : database.getCollection(collection).listIndexes()) {
                if (index.getBoolean("unique", false)) {
                    keys.computeIfAbsent(collection, c -> new ArrayList<>())
                            .add(new HashSet<>(index.get("key", Document.class).keySet()));
                }
            }
        }
        return keys;
    }

    @Override
    public void commandStarted(CommandStartedEvent event) {
        Recording open = recording;
        if (open == null || muted.get() || DRIVER_COMMANDS.contains(event.getCommandName())
                || open.only != null && open.only != Thread.currentThread()) {
            return;
        }
        BsonDocument command = event.getCommand();
        String name = event.getCommandName();
        String collection = "getMore".equals(name)
                ? cursors.getOrDefault(command.getInt64("getMore").getValue(), "?")
                : command.get(name).isString() ? command.getString(name).getValue() : null;
        if (collection == null) {
            return;
        }
        Op op = new Op(name, collection);
        switch (name) {
            case "find", "count", "distinct" -> query(open, op, command.getDocument(
                    "find".equals(name) ? "filter" : "query", new BsonDocument()));
            case "insert" -> command.getArray("documents").forEach(d -> {
                op.docsWritten++;
                op.bytesInserted += size(d.asDocument());
            });
            case "update" -> command.getArray("updates").forEach(u -> write(open, op, u.asDocument().getDocument("q")));
            case "delete" -> command.getArray("deletes").forEach(d -> query(open, op, d.asDocument().getDocument("q")));
            case "findAndModify" -> {
                BsonDocument filter = command.getDocument("query", new BsonDocument());
                if (command.getBoolean("remove", org.bson.BsonBoolean.FALSE).getValue()) {
                    query(open, op, filter);
                } else {
                    write(open, op, filter);
                }
            }
            case "aggregate" -> {
                op.query = true;
                op.inexact.add("aggregate " + shape(command.getArray("pipeline")));
            }
            default -> {
            }
        }
        started.put(event.getRequestId(), op);
    }

    @Override
    public void commandSucceeded(CommandSucceededEvent event) {
        Op op = started.remove(event.getRequestId());
        Recording open = recording;
        if (op == null || open == null) {
            return;
        }
        BsonDocument reply = event.getResponse();
        if (reply.containsKey("cursor")) {
            BsonDocument cursor = reply.getDocument("cursor");
            BsonArray batch = cursor.containsKey("firstBatch") ? cursor.getArray("firstBatch")
                    : cursor.getArray("nextBatch", new BsonArray());
            op.docsRead += batch.size();
            batch.forEach(d -> op.bytesRead += size(d.asDocument()));
            long id = cursor.getInt64("id").getValue();
            if (id != 0) {
                cursors.put(id, op.collection);
            }
        }
        if (reply.containsKey("value") && reply.get("value").isDocument()) {
            op.docsRead++;
            op.bytesRead += size(reply.getDocument("value"));
        }
        if ("delete".equals(op.command) && reply.containsKey("n")) {
            op.docsWritten += reply.getNumber("n").intValue();
        }
        if ("update".equals(op.command) && reply.getNumber("nModified", new org.bson.BsonInt32(1)).intValue() == 0
                && !reply.containsKey("upserted")) {
            // Matched and left as it was ($addToSet of a member present, $setOnInsert of a stored document).
            op.rewritten.clear();
        }
        if ("update".equals(op.command) || "findAndModify".equals(op.command)) {
            op.docsWritten += op.rewritten.size();
        }
        open.add(op);
    }

    @Override
    public void commandFailed(CommandFailedEvent event) {
        started.remove(event.getRequestId());
    }

    private static void query(Recording open, Op op, BsonDocument filter) {
        op.query = true;
        if (!open.exact(op.collection, filter)) {
            op.inexact.add(shape(filter));
        }
    }

    /** A write's filter is a query too; the documents it names by {@code _id} are sized when the recording stops. */
    private static void write(Recording open, Op op, BsonDocument filter) {
        query(open, op, filter);
        BsonValue id = filter.get("_id");
        if (id == null) {
            return;
        }
        if (isOperator(id, "$in")) {
            op.rewritten.addAll(id.asDocument().getArray("$in"));
        } else if (isOperator(id, "$eq")) {
            op.rewritten.add(id.asDocument().get("$eq"));
        } else if (literal(id)) {
            op.rewritten.add(id);
        }
    }

    private static boolean literal(BsonValue value) {
        return !value.isDocument() || value.asDocument().keySet().stream().noneMatch(k -> k.startsWith("$"));
    }

    private static boolean isOperator(BsonValue value, String operator) {
        return value.isDocument() && value.asDocument().size() == 1 && value.asDocument().containsKey(operator);
    }

    /** The filter with its values left out: {@code {_id: {$in: [3]}}}, {@code {ledger: ?}}. */
    static String shape(BsonValue value) {
        if (value.isDocument()) {
            StringBuilder text = new StringBuilder("{");
            value.asDocument().forEach((key, v) -> text.append(text.length() > 1 ? ", " : "").append(key).append(": ")
                    .append(key.startsWith("$") || v.isDocument() ? shape(v) : "?"));
            return text.append('}').toString();
        }
        if (value.isArray()) {
            BsonArray array = value.asArray();
            return array.isEmpty() || !array.get(0).isDocument() ? "[" + array.size() + "]"
                    : "[" + String.join(", ", array.stream().map(MongoCommandCounts::shape).toList()) + "]";
        }
        return "?";
    }

    private static long size(BsonDocument document) {
        if (document instanceof RawBsonDocument raw) {
            return raw.getByteBuffer().remaining();
        }
        BasicOutputBuffer buffer = new BasicOutputBuffer();
        new BsonDocumentCodec().encode(new org.bson.BsonBinaryWriter(buffer), document, EncoderContext.builder().build());
        return buffer.getPosition();
    }
}
