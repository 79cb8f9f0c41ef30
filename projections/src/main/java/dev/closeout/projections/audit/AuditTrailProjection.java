package dev.closeout.projections.audit;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.InsertOneModel;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import dev.closeout.domain.audit.ComplainantDataRead;
import dev.closeout.domain.common.Actor;
import dev.closeout.domain.complaint.ComplaintEvent;
import dev.closeout.domain.complaint.ComplaintEvent.ComplaintAssigned;
import dev.closeout.domain.complaint.ComplaintEvent.ComplaintTransferred;
import dev.closeout.domain.task.TaskEvent;
import dev.closeout.domain.task.TaskEvent.TaskRegistered;
import dev.closeout.projections.support.EndOfBatch;
import dev.closeout.projections.support.Keys;
import dev.closeout.projections.support.OfficeZone;
import dev.closeout.projections.support.Slots;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.TrackingToken;
import org.bson.Document;

import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The audit trail across items (审计轨迹, decision 0010): every event of every task and complaint,
 * and every read of a complainant's unmasked data, as a small line of its own in {@value #LINES},
 * keyed by its trail position; and, for each filter a reader may ask for, a list of slot entries
 * naming those positions, handed out by counters ({@link Slots}), so a page is read by exact keys
 * only, on MongoDB and on the embedded server alike.
 * <p>
 * The events of a processor batch are written together at its end ({@link EndOfBatch}, decision 0018):
 * first, for the events not seen before, their positions (slots of {@value #ALL} taken at once) and their
 * slots in the list of their actor, of their type and of each department concerned (the actor's and the
 * item's), recorded by event identifier in {@value #EVENTS} with the item's department as it was; then
 * the lines, the entries, each day's first and last position in {@value #DAYS}, who is responsible for
 * each item now; last, the {@value #DONE} mark on the counter of {@value #ALL}, up to which readers read,
 * so a line still being written is never skipped. A batch delivered again after a crash finds its events
 * recorded and writes the same documents under the same keys again: nothing is listed twice. Positions and
 * slots taken by an attempt that never recorded them are keys without a document, which readers pass over.
 * The records are deleted once a batch begins past their events, which are then never delivered again.
 * <p>
 * The processor runs as one segment, so positions follow the event store's global order; a late
 * commit (a gap the store filled late) takes the next position when it arrives.
 */
@ProcessingGroup(AuditTrailProjection.PROCESSING_GROUP)
public class AuditTrailProjection {

    public static final String PROCESSING_GROUP = "audit-trail";
    /** The layout this code writes; a store written in another is replayed at start-up. */
    public static final String LAYOUT = "2: lines by position, slot lists per actor, department and type, "
            + "slots recorded with each event";
    /** {@code {_id: position, globalIndex, at, day, itemType, itemId, type, actor, role, department, itemDepartment, text, path}}. */
    public static final String LINES = "audit_trail_lines";
    /** {@code {_id: event identifier, at: position, keys: [its entries' keys], itemDepartment}}. */
    public static final String EVENTS = "audit_trail_events";
    /** Slot counters: {@value #ALL} (its slots are the positions) and one per list. */
    public static final String LISTS = "audit_trail_lists";
    /** {@code {_id: list + slot, p: position, actor, type, departments, day}}. */
    public static final String ENTRIES = "audit_trail_entries";
    /** {@code {_id: office day, first, last}}: the positions a day's events span. */
    public static final String DAYS = "audit_trail_days";
    /** {@code {_id: item id, department}}: who is responsible for each item now. */
    public static final String ITEMS = "audit_trail_items";
    public static final List<String> COLLECTIONS = List.of(LINES, EVENTS, LISTS, ENTRIES, DAYS, ITEMS);
    /** The counter whose slots are positions. */
    public static final String ALL = "all";
    /** The field of {@value #ALL} up to which every position is written. */
    public static final String DONE = "done";
    public static final String TASK = "TASK";
    public static final String COMPLAINT = "COMPLAINT";
    /** The record fields an event's text is taken from, the first present. */
    private static final List<String> TEXT_FIELDS = List.of("reason", "evidence", "note");
    private static final UpdateOptions UPSERT = new UpdateOptions().upsert(true);
    private static final ReplaceOptions REPLACE_UPSERT = new ReplaceOptions().upsert(true);
    private static final BulkWriteOptions UNORDERED = new BulkWriteOptions().ordered(false);

    private final MongoCollection<Document> lines;
    private final MongoCollection<Document> events;
    private final MongoCollection<Document> lists;
    private final MongoCollection<Document> entries;
    private final MongoCollection<Document> days;
    private final MongoCollection<Document> items;
    private final Slots slots;
    private final OfficeZone zone;
    /**
     * The events whose records this instance wrote, by identifier, with their global index, until a batch begins
     * past them. A record only tells a batch delivered again which events it already placed; the processor reads a
     * batch only once the token of the one before is stored, so an event before the first of a batch is never
     * delivered again, and its record is deleted then (a quarter of the trail's bytes at county scale). After a
     * restart the records of the last batches before it stay, harmless.
     */
    private final Map<String, Long> recordsToRelease = new LinkedHashMap<>();

    public AuditTrailProjection(MongoDatabase database, OfficeZone zone) {
        this.lines = database.getCollection(LINES);
        this.events = database.getCollection(EVENTS);
        this.lists = database.getCollection(LISTS);
        this.entries = database.getCollection(ENTRIES);
        this.days = database.getCollection(DAYS);
        this.items = database.getCollection(ITEMS);
        this.slots = new Slots(database, LISTS);
        this.zone = zone;
    }

    /** The list of one filter value, e.g. {@code list("actor", "dept-a")}. */
    public static String list(String filter, String value) {
        return Keys.of(filter, value);
    }

    @EventHandler
    void on(TaskEvent e, EventMessage<?> message, TrackingToken token) {
        String responsible = e instanceof TaskRegistered registered ? registered.leadDepartment() : null;
        record(message, token, TASK, e.taskId().value(), responsible, e.actor(), text(e), null);
    }

    @EventHandler
    void on(ComplaintEvent e, EventMessage<?> message, TrackingToken token) {
        String responsible = e instanceof ComplaintAssigned assigned ? assigned.department()
                : e instanceof ComplaintTransferred transferred ? transferred.toDepartment() : null;
        record(message, token, COMPLAINT, e.complaintId().value(), responsible, e.actor(), text(e), null);
    }

    @EventHandler
    void on(ComplainantDataRead e, EventMessage<?> message, TrackingToken token) {
        record(message, token, COMPLAINT, e.complaintId().value(), null, e.reader(), null, e.path());
    }

    @ResetHandler
    synchronized void reset() {
        recordsToRelease.clear();
        for (MongoCollection<Document> collection : List.of(lines, events, lists, entries, days, items)) {
            collection.drop();
        }
    }

    /** One event as the trail records it; {@code responsible} is the item's department from this event on, if it names one. */
    private record Step(String eventId, long globalIndex, Instant at, String type, String itemType, String itemId,
                        String responsible, Actor actor, String text, String path) {
    }

    /**
     * A step with its place in the trail: its position, its entries' keys and the item's department at the time;
     * {@code recordedNow}: this batch recorded them, so nothing is stored under them yet (inserted, not upserted:
     * on the embedded server an upsert is a query and an insert).
     */
    private record Placed(Step step, long position, List<String> keys, String itemDepartment, boolean recordedNow) {
    }

    private void record(EventMessage<?> message, TrackingToken token, String itemType, String itemId,
                        String responsible, Actor actor, String text, String path) {
        Step step = new Step(message.getIdentifier(), globalIndex(token), message.getTimestamp(),
                message.getPayloadType().getSimpleName(), itemType, itemId, responsible, actor, text, path);
        EndOfBatch.gather(this, step, this::write);
    }

    /** The steps of one batch, written together (see the class comment for the order). */
    private synchronized void write(List<Step> steps) {
        releaseRecordsBefore(steps.stream().mapToLong(Step::globalIndex).min().orElseThrow());
        Map<String, Document> recorded = Slots.byKey(events, steps.stream().map(Step::eventId).toList(), null);
        Map<String, String> departments = departments(steps.stream().map(Step::itemId).distinct().toList());
        Map<String, String> changed = new LinkedHashMap<>();
        List<Placed> placed = new ArrayList<>();
        List<Step> fresh = new ArrayList<>();
        List<String> freshDepartments = new ArrayList<>();
        for (Step step : steps) {
            if (step.responsible() != null) {
                departments.put(step.itemId(), step.responsible());
                changed.put(step.itemId(), step.responsible());
            }
            Document seen = recorded.get(step.eventId());
            if (seen == null) {
                fresh.add(step);
                freshDepartments.add(departments.get(step.itemId()));
            } else {
                placed.add(placed(step, seen));
            }
        }
        placed.addAll(place(fresh, freshDepartments));
        if (!placed.isEmpty()) {
            writeLines(placed);
            writeEntries(placed);
            writeDays(placed);
        }
        if (!changed.isEmpty()) {
            items.bulkWrite(changed.entrySet().stream().<WriteModel<Document>>map(item -> new UpdateOneModel<>(
                    Filters.eq("_id", item.getKey()), Updates.set("department", item.getValue()), UPSERT))
                    .toList(), UNORDERED);
        }
        if (!placed.isEmpty()) {
            long last = placed.stream().mapToLong(Placed::position).max().orElseThrow();
            lists.updateOne(Filters.eq("_id", ALL), Updates.max(DONE, last));
        }
        steps.forEach(step -> recordsToRelease.put(step.eventId(), step.globalIndex()));
    }

    /** Deletes the records of events this instance wrote whose global index is below {@code index}. */
    private void releaseRecordsBefore(long index) {
        List<String> released = recordsToRelease.entrySet().stream().filter(record -> record.getValue() < index)
                .map(Map.Entry::getKey).toList();
        for (List<String> ids : Slots.batches(released)) {
            events.deleteMany(Filters.in("_id", ids));
        }
        released.forEach(recordsToRelease::remove);
    }

    /**
     * Takes positions and list slots for steps never seen, and records them with each event before anything
     * is written under them. When a record was already there (another writer made it first), the records are
     * read back and theirs are used.
     */
    private List<Placed> place(List<Step> fresh, List<String> itemDepartments) {
        if (fresh.isEmpty()) {
            return List.of();
        }
        List<List<String>> listsOfEach = new ArrayList<>(fresh.size());
        Map<String, Long> wanted = new LinkedHashMap<>();
        for (int i = 0; i < fresh.size(); i++) {
            List<String> into = listsOf(fresh.get(i), itemDepartments.get(i));
            listsOfEach.add(into);
            into.forEach(list -> wanted.merge(list, 1L, Long::sum));
        }
        long firstPosition = slots.take(ALL, fresh.size()).first() + 1;
        Map<String, Long> next = new HashMap<>();
        wanted.forEach((list, count) -> next.put(list, slots.take(list, count).first()));
        List<WriteModel<Document>> records = new ArrayList<>(fresh.size());
        List<Placed> placed = new ArrayList<>(fresh.size());
        for (int i = 0; i < fresh.size(); i++) {
            List<String> keys = listsOfEach.get(i).stream()
                    .map(list -> Slots.key(list, next.merge(list, 1L, Long::sum) - 1)).toList();
            placed.add(new Placed(fresh.get(i), firstPosition + i, keys, itemDepartments.get(i), true));
            records.add(new UpdateOneModel<>(Filters.eq("_id", fresh.get(i).eventId()),
                    Updates.setOnInsert(new Document("at", firstPosition + i).append("keys", keys)
                            .append("itemDepartment", itemDepartments.get(i))), UPSERT));
        }
        if (events.bulkWrite(records, UNORDERED).getUpserts().size() == fresh.size()) {
            return placed;
        }
        Map<String, Document> recorded = Slots.byKey(events, fresh.stream().map(Step::eventId).toList(), null);
        return fresh.stream().map(step -> placed(step, recorded.get(step.eventId()))).toList();
    }

    private void writeLines(List<Placed> placed) {
        lines.bulkWrite(placed.stream().<WriteModel<Document>>map(p -> {
            Step step = p.step();
            Document line = new Document("globalIndex", step.globalIndex()).append("at", step.at().toString())
                    .append("day", day(step)).append("itemType", step.itemType())
                    .append("itemId", step.itemId()).append("type", step.type())
                    .append("actor", step.actor().user()).append("role", step.actor().role().name())
                    .append("department", step.actor().department())
                    .append("itemDepartment", p.itemDepartment()).append("text", step.text())
                    .append("path", step.path());
            return p.recordedNow() ? new InsertOneModel<>(new Document(line).append("_id", p.position()))
                    : new UpdateOneModel<>(Filters.eq("_id", p.position()), Updates.setOnInsert(line), UPSERT);
        }).toList(), UNORDERED);
    }

    private void writeEntries(List<Placed> placed) {
        List<WriteModel<Document>> writes = new ArrayList<>();
        for (Placed p : placed) {
            Document entry = new Document("p", p.position()).append("actor", p.step().actor().user())
                    .append("type", p.step().type()).append("departments", departmentsOf(p.step(), p.itemDepartment()))
                    .append("day", day(p.step()));
            for (String key : p.keys()) {
                Document document = new Document(entry).append("_id", key);
                writes.add(p.recordedNow() ? new InsertOneModel<>(document)
                        : new ReplaceOneModel<>(Filters.eq("_id", key), document, REPLACE_UPSERT));
            }
        }
        entries.bulkWrite(writes, UNORDERED);
    }

    private void writeDays(List<Placed> placed) {
        Map<String, long[]> spans = new LinkedHashMap<>();
        for (Placed p : placed) {
            spans.merge(day(p.step()), new long[]{p.position(), p.position()},
                    (a, b) -> new long[]{Math.min(a[0], b[0]), Math.max(a[1], b[1])});
        }
        days.bulkWrite(spans.entrySet().stream().<WriteModel<Document>>map(day -> new UpdateOneModel<>(
                Filters.eq("_id", day.getKey()), Updates.combine(Updates.min("first", day.getValue()[0]),
                Updates.max("last", day.getValue()[1])), UPSERT)).toList(), UNORDERED);
    }

    private static Placed placed(Step step, Document recorded) {
        return new Placed(step, ((Number) recorded.get("at")).longValue(), recorded.getList("keys", String.class),
                recorded.getString("itemDepartment"), false);
    }

    /** The lists a step is entered in: its actor's, its type's and each department's concerned. */
    private static List<String> listsOf(Step step, String itemDepartment) {
        List<String> into = new ArrayList<>(List.of(list("actor", step.actor().user()), list("type", step.type())));
        departmentsOf(step, itemDepartment).forEach(department -> into.add(list("department", department)));
        return into;
    }

    /** The actor's department and the item's, once each. */
    private static List<String> departmentsOf(Step step, String itemDepartment) {
        Set<String> departments = new LinkedHashSet<>();
        if (step.actor().department() != null) {
            departments.add(step.actor().department());
        }
        if (itemDepartment != null) {
            departments.add(itemDepartment);
        }
        return new ArrayList<>(departments);
    }

    private String day(Step step) {
        return zone.dayOf(step.at()).toString();
    }

    /** Who is responsible for each of these items, as recorded before this batch. */
    private Map<String, String> departments(List<String> itemIds) {
        Map<String, String> departments = new HashMap<>();
        Slots.byKey(items, itemIds, null).forEach((id, item) -> departments.put(id, item.getString("department")));
        return departments;
    }

    private static long globalIndex(TrackingToken token) {
        return token == null ? -1 : token.position().orElse(-1);
    }

    /** The event's reason, evidence or note: what a person wrote when taking the step. */
    static String text(Object event) {
        if (!event.getClass().isRecord()) {
            return null;
        }
        for (String field : TEXT_FIELDS) {
            for (RecordComponent component : event.getClass().getRecordComponents()) {
                if (component.getName().equals(field)) {
                    try {
                        Object value = component.getAccessor().invoke(event);
                        if (value != null) {
                            return value.toString();
                        }
                    } catch (ReflectiveOperationException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        }
        return null;
    }
}
