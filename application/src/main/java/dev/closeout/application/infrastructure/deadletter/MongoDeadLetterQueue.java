package dev.closeout.application.infrastructure.deadletter;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.GenericTrackedDomainEventMessage;
import org.axonframework.eventhandling.GenericTrackedEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.GenericMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.deadletter.Cause;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.DeadLetterQueueOverflowException;
import org.axonframework.messaging.deadletter.EnqueueDecision;
import org.axonframework.messaging.deadletter.GenericDeadLetter;
import org.axonframework.messaging.deadletter.NoSuchDeadLetterException;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.axonframework.messaging.deadletter.ThrowableCause;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.bson.Document;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * One processing group's sequenced dead-letter queue on MongoDB, asked only exact-key questions on the
 * paths the processor takes (is this item parked, park this event, read an item's letters, evict one),
 * so that it stays fast on the embedded server, which answers anything else by scanning a collection.
 * <ul>
 *   <li>{@value #ITEMS}: one document per parked item, {@code _id} group and sequence identifier,
 *       holding the indexes of its letters in order, the next index and the claim of a retry;</li>
 *   <li>{@value #LETTERS}: one document per parked event, {@code _id} group, sequence identifier
 *       and index, the event serialized by the event serializer (Jackson), its cause and diagnostics;</li>
 *   <li>{@value #COUNTS}: per group, letters and items, so that the gauge and the readiness check
 *       read one document.</li>
 * </ul>
 * Listing a group's items ({@link #deadLetters()}, {@link #process}) and {@link #clear()} select by
 * group, a scan on the embedded server: they are operators' actions, over what is parked only.
 */
final class MongoDeadLetterQueue implements SequencedDeadLetterQueue<EventMessage<?>> {

    static final String ITEMS = "dead_letter_items";
    static final String LETTERS = "dead_letters";
    static final String COUNTS = "dead_letter_counts";
    private static final String SEPARATOR = "\u001f";

    private final String group;
    private final Serializer serializer;
    private final MongoCollection<Document> items;
    private final MongoCollection<Document> letters;
    private final MongoCollection<Document> counts;
    private final int maxItems;
    private final int maxItemSize;
    private final Duration claimDuration;

    /**
     * For MongoDB: the operators' selections by group use these; the embedded server ignores them and
     * scans, which is the price of those rare reads only.
     */
    static void ensureIndexes(MongoDatabase database) {
        database.getCollection(ITEMS).createIndex(Indexes.ascending("group"), new IndexOptions().name("group"));
        database.getCollection(LETTERS).createIndex(Indexes.ascending("group"), new IndexOptions().name("group"));
    }

    MongoDeadLetterQueue(String group, MongoDatabase database, Serializer serializer, int maxItems, int maxItemSize,
                         Duration claimDuration) {
        this.group = group;
        this.serializer = serializer;
        this.items = database.getCollection(ITEMS);
        this.letters = database.getCollection(LETTERS);
        this.counts = database.getCollection(COUNTS);
        this.maxItems = maxItems;
        this.maxItemSize = maxItemSize;
        this.claimDuration = claimDuration;
    }

    @Override
    public void enqueue(Object sequenceIdentifier, DeadLetter<? extends EventMessage<?>> letter)
            throws DeadLetterQueueOverflowException {
        String sequence = sequenceIdentifier.toString();
        if (isFull(sequence)) {
            throw new DeadLetterQueueOverflowException("The dead letters of " + group + " are full: " + maxItems
                    + " items, or " + maxItemSize + " events of " + sequence);
        }
        String item = itemKey(sequence);
        // BEFORE, adding the increment here: the embedded server may answer AFTER with another writer's value.
        Document before = items.findOneAndUpdate(Filters.eq("_id", item),
                Updates.combine(Updates.inc("next", 1L), Updates.setOnInsert("group", group),
                        Updates.setOnInsert("sequenceIdentifier", sequence)),
                new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.BEFORE));
        long index = before == null ? 0 : before.get("next", Number.class).longValue();
        letters.insertOne(letterDocument(sequence, index, letter));
        // an upsert, in case a retry evicting the item's last letter removed the item in between
        items.updateOne(Filters.eq("_id", item), Updates.combine(Updates.push("indexes", index),
                Updates.setOnInsert("group", group), Updates.setOnInsert("sequenceIdentifier", sequence),
                Updates.setOnInsert("next", index + 1)), new UpdateOptions().upsert(true));
        boolean newItem = before == null || before.getList("indexes", Number.class, List.of()).isEmpty();
        counts.updateOne(Filters.eq("_id", group), Updates.combine(Updates.inc("letters", 1L),
                Updates.inc("items", newItem ? 1L : 0L)), new UpdateOptions().upsert(true));
    }

    @Override
    public void evict(DeadLetter<? extends EventMessage<?>> letter) {
        StoredDeadLetter stored = stored(letter);
        if (letters.deleteOne(Filters.eq("_id", letterKey(stored.sequenceIdentifier(), stored.index())))
                .getDeletedCount() == 0) {
            return;
        }
        String item = itemKey(stored.sequenceIdentifier());
        Document before = items.findOneAndUpdate(Filters.eq("_id", item), Updates.pull("indexes", stored.index()),
                new FindOneAndUpdateOptions().returnDocument(ReturnDocument.BEFORE));
        boolean emptied = before != null && before.getList("indexes", Number.class, List.of()).stream()
                .allMatch(i -> i.longValue() == stored.index())
                // an event parked behind it meanwhile puts the item back: its index is pushed by an upsert
                && items.deleteOne(Filters.eq("_id", item)).getDeletedCount() == 1;
        counts.updateOne(Filters.eq("_id", group), Updates.combine(Updates.inc("letters", -1L),
                Updates.inc("items", emptied ? -1L : 0L)));
    }

    @Override
    public void requeue(DeadLetter<? extends EventMessage<?>> letter,
                        UnaryOperator<DeadLetter<? extends EventMessage<?>>> update) throws NoSuchDeadLetterException {
        StoredDeadLetter stored = stored(letter);
        DeadLetter<? extends EventMessage<?>> updated = update.apply(stored);
        Cause cause = updated.cause().orElse(null);
        long matched = letters.updateOne(Filters.eq("_id", letterKey(stored.sequenceIdentifier(), stored.index())),
                Updates.combine(Updates.set("causeType", cause == null ? null : cause.type()),
                        Updates.set("causeMessage", cause == null ? null : cause.message()),
                        Updates.set("lastTouched", Date.from(updated.lastTouched())),
                        Updates.set("diagnostics", serialize(updated.diagnostics())))).getMatchedCount();
        if (matched == 0) {
            throw new NoSuchDeadLetterException("No dead letter " + stored.index() + " of " + stored.sequenceIdentifier()
                    + " in " + group + " to requeue");
        }
    }

    @Override
    public boolean contains(Object sequenceIdentifier) {
        return !indexes(item(sequenceIdentifier.toString())).isEmpty();
    }

    @Override
    public Iterable<DeadLetter<? extends EventMessage<?>>> deadLetterSequence(Object sequenceIdentifier) {
        String sequence = sequenceIdentifier.toString();
        List<String> keys = indexes(item(sequence)).stream().map(index -> letterKey(sequence, index)).toList();
        if (keys.isEmpty()) {
            return List.of();
        }
        List<DeadLetter<? extends EventMessage<?>>> found = new ArrayList<>();
        letters.find(Filters.in("_id", keys)).map(this::letter).forEach(found::add);
        found.sort(Comparator.comparingLong(letter -> ((StoredDeadLetter) letter).index()));
        return found;
    }

    @Override
    public Iterable<Iterable<DeadLetter<? extends EventMessage<?>>>> deadLetters() {
        List<Iterable<DeadLetter<? extends EventMessage<?>>>> sequences = new ArrayList<>();
        for (Document item : items.find(Filters.eq("group", group))) {
            Iterable<DeadLetter<? extends EventMessage<?>>> sequence = deadLetterSequence(item.getString("sequenceIdentifier"));
            if (sequence.iterator().hasNext()) {
                sequences.add(sequence);
            }
        }
        return sequences;
    }

    @Override
    public boolean isFull(Object sequenceIdentifier) {
        List<Long> parked = indexes(item(sequenceIdentifier.toString()));
        return parked.isEmpty() ? amountOfSequences() >= maxItems : parked.size() >= maxItemSize;
    }

    @Override
    public long size() {
        return count("letters");
    }

    @Override
    public long sequenceSize(Object sequenceIdentifier) {
        return indexes(item(sequenceIdentifier.toString())).size();
    }

    @Override
    public long amountOfSequences() {
        return count("items");
    }

    /**
     * Claims the first unclaimed item whose first letter the filter accepts and hands its letters to the
     * task in order: each the task handled leaves the queue; the first it sends back is requeued with its
     * new cause and diagnostics, and the ones behind it stay.
     */
    @Override
    public boolean process(Predicate<DeadLetter<? extends EventMessage<?>>> sequenceFilter,
                           Function<DeadLetter<? extends EventMessage<?>>, EnqueueDecision<EventMessage<?>>> processingTask) {
        Instant now = GenericDeadLetter.clock.instant();
        for (Document item : items.find(Filters.eq("group", group))) {
            Date claimed = item.getDate("claimedAt");
            if (claimed != null && claimed.toInstant().plus(claimDuration).isAfter(now)) {
                continue;
            }
            Iterable<DeadLetter<? extends EventMessage<?>>> sequence = deadLetterSequence(item.getString("sequenceIdentifier"));
            if (!sequence.iterator().hasNext() || !sequenceFilter.test(sequence.iterator().next())) {
                continue;
            }
            if (items.updateOne(new Document("_id", item.getString("_id")).append("claimedAt", claimed),
                    Updates.set("claimedAt", Date.from(now))).getModifiedCount() == 0) {
                continue;
            }
            try {
                return processInOrder(sequence, processingTask);
            } finally {
                items.updateOne(Filters.eq("_id", item.getString("_id")), Updates.set("claimedAt", null));
            }
        }
        return false;
    }

    private boolean processInOrder(Iterable<DeadLetter<? extends EventMessage<?>>> sequence,
                                   Function<DeadLetter<? extends EventMessage<?>>, EnqueueDecision<EventMessage<?>>> task) {
        for (DeadLetter<? extends EventMessage<?>> letter : sequence) {
            EnqueueDecision<EventMessage<?>> decision = task.apply(letter);
            if (decision.shouldEnqueue()) {
                requeue(letter, l -> decision.withDiagnostics(l).withCause(decision.enqueueCause().orElse(null))
                        .markTouched());
                return false;
            }
            evict(letter);
        }
        return true;
    }

    @Override
    public void clear() {
        letters.deleteMany(Filters.eq("group", group));
        items.deleteMany(Filters.eq("group", group));
        counts.deleteOne(Filters.eq("_id", group));
    }

    private long count(String field) {
        Document counted = counts.find(Filters.eq("_id", group)).first();
        return counted == null ? 0 : Math.max(0, counted.get(field, Number.class).longValue());
    }

    private Document item(String sequence) {
        return items.find(Filters.eq("_id", itemKey(sequence))).first();
    }

    private static List<Long> indexes(Document item) {
        return item == null ? List.of()
                : item.getList("indexes", Number.class, List.of()).stream().map(Number::longValue).sorted().toList();
    }

    private String itemKey(String sequence) {
        return group + SEPARATOR + sequence;
    }

    private String letterKey(String sequence, long index) {
        return itemKey(sequence) + SEPARATOR + index;
    }

    private StoredDeadLetter stored(DeadLetter<? extends EventMessage<?>> letter) {
        if (letter instanceof StoredDeadLetter stored && stored.group().equals(group)) {
            return stored;
        }
        throw new IllegalArgumentException("Not a dead letter of " + group + "'s queue: " + letter);
    }

    private Document letterDocument(String sequence, long index, DeadLetter<? extends EventMessage<?>> letter) {
        EventMessage<?> event = letter.message();
        SerializedObject<String> payload = serializer.serialize(event.getPayload(), String.class);
        Document stored = new Document("_id", letterKey(sequence, index))
                .append("group", group).append("sequenceIdentifier", sequence).append("index", index)
                .append("eventId", event.getIdentifier()).append("timestamp", Date.from(event.getTimestamp()))
                .append("payloadType", payload.getType().getName()).append("payloadRevision", payload.getType().getRevision())
                .append("payload", payload.getData()).append("metaData", serialize(event.getMetaData()))
                .append("enqueuedAt", Date.from(letter.enqueuedAt())).append("lastTouched", Date.from(letter.lastTouched()))
                .append("causeType", letter.cause().map(Cause::type).orElse(null))
                .append("causeMessage", letter.cause().map(Cause::message).orElse(null))
                .append("diagnostics", serialize(letter.diagnostics()));
        if (event instanceof DomainEventMessage<?> domain) {
            stored.append("aggregateType", domain.getType()).append("aggregateIdentifier", domain.getAggregateIdentifier())
                    .append("sequenceNumber", domain.getSequenceNumber());
        }
        if (event instanceof TrackedEventMessage<?> tracked && tracked.trackingToken() != null) {
            SerializedObject<String> token = serializer.serialize(tracked.trackingToken(), String.class);
            stored.append("tokenType", token.getType().getName()).append("token", token.getData());
        }
        return stored;
    }

    private StoredDeadLetter letter(Document stored) {
        Object payload = serializer.deserialize(new SimpleSerializedObject<>(stored.getString("payload"), String.class,
                stored.getString("payloadType"), stored.getString("payloadRevision")));
        MetaData metaData = deserializeMetaData(stored.getString("metaData"));
        String eventId = stored.getString("eventId");
        Instant timestamp = stored.getDate("timestamp").toInstant();
        TrackingToken token = stored.getString("token") == null ? null
                : serializer.deserialize(new SimpleSerializedObject<>(stored.getString("token"), String.class,
                        stored.getString("tokenType"), null));
        EventMessage<?> event;
        if (stored.getString("aggregateIdentifier") != null) {
            DomainEventMessage<?> domain = new GenericDomainEventMessage<>(stored.getString("aggregateType"),
                    stored.getString("aggregateIdentifier"), stored.get("sequenceNumber", Number.class).longValue(),
                    payload, metaData, eventId, timestamp);
            event = token == null ? domain : new GenericTrackedDomainEventMessage<>(token, domain);
        } else {
            GenericEventMessage<?> plain = new GenericEventMessage<>(new GenericMessage<>(eventId, payload, metaData),
                    () -> timestamp);
            event = token == null ? plain : new GenericTrackedEventMessage<>(token, plain);
        }
        String causeType = stored.getString("causeType");
        Cause cause = causeType == null ? null : new ThrowableCause(causeType, stored.getString("causeMessage"));
        return new StoredDeadLetter(group, stored.getString("sequenceIdentifier"),
                stored.get("index", Number.class).longValue(), event, cause, stored.getDate("enqueuedAt").toInstant(),
                stored.getDate("lastTouched").toInstant(), deserializeMetaData(stored.getString("diagnostics")));
    }

    private String serialize(MetaData metaData) {
        return serializer.serialize(Objects.requireNonNullElse(metaData, MetaData.emptyInstance()), String.class).getData();
    }

    private MetaData deserializeMetaData(String serialized) {
        return serialized == null ? MetaData.emptyInstance()
                : serializer.deserialize(new SimpleSerializedObject<>(serialized, String.class, MetaData.class.getName(), null));
    }
}
