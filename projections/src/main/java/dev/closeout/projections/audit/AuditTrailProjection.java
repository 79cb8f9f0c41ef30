package dev.closeout.projections.audit;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import dev.closeout.domain.audit.ComplainantDataRead;
import dev.closeout.domain.common.Actor;
import dev.closeout.domain.complaint.ComplaintEvent;
import dev.closeout.domain.complaint.ComplaintEvent.ComplaintAssigned;
import dev.closeout.domain.complaint.ComplaintEvent.ComplaintTransferred;
import dev.closeout.domain.task.TaskEvent;
import dev.closeout.domain.task.TaskEvent.TaskRegistered;
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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The audit trail across items (审计轨迹, decision 0010): every event of every task and complaint,
 * and every read of a complainant's unmasked data, as a small line of its own in {@value #LINES},
 * keyed by its trail position; and, for each filter a reader may ask for, a list of slot entries
 * naming those positions, handed out by counters ({@link Slots}), so a page is read by exact keys
 * only, on MongoDB and on the embedded server alike.
 * <p>
 * Per event: the position (a slot of {@value #ALL}, remembered by event identifier in
 * {@value #EVENTS} so a redelivered event keeps it), the line, the day's first and last position in
 * {@value #DAYS}, one entry in the list of its actor, of its type and of each department concerned
 * (the actor's and the item's), and last the {@value #DONE} mark on the counter of {@value #ALL}:
 * readers read no further than it, so a line still being written is never skipped. A redelivered
 * event that had not finished may add an entry twice, right after the first; readers pass over a
 * position not above the one before it.
 * <p>
 * The processor runs as one segment, so positions follow the event store's global order; a late
 * commit (a gap the store filled late) takes the next position when it arrives.
 */
@ProcessingGroup(AuditTrailProjection.PROCESSING_GROUP)
public class AuditTrailProjection {

    public static final String PROCESSING_GROUP = "audit-trail";
    /** The layout this code writes; a store written in another is replayed at start-up. */
    public static final String LAYOUT = "1: lines by position, slot lists per actor, department and type";
    /** {@code {_id: position, globalIndex, at, day, itemType, itemId, type, actor, role, department, itemDepartment, text, path}}. */
    public static final String LINES = "audit_trail_lines";
    /** {@code {_id: event identifier, at: position, listed}}. */
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

    private final MongoCollection<Document> lines;
    private final MongoCollection<Document> events;
    private final MongoCollection<Document> lists;
    private final MongoCollection<Document> entries;
    private final MongoCollection<Document> days;
    private final MongoCollection<Document> items;
    private final Slots slots;
    private final OfficeZone zone;

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
        String id = e.taskId().value();
        if (e instanceof TaskRegistered registered) {
            responsible(id, registered.leadDepartment());
        }
        record(message, token, TASK, id, e.actor(), text(e), null);
    }

    @EventHandler
    void on(ComplaintEvent e, EventMessage<?> message, TrackingToken token) {
        String id = e.complaintId().value();
        if (e instanceof ComplaintAssigned assigned) {
            responsible(id, assigned.department());
        } else if (e instanceof ComplaintTransferred transferred) {
            responsible(id, transferred.toDepartment());
        }
        record(message, token, COMPLAINT, id, e.actor(), text(e), null);
    }

    @EventHandler
    void on(ComplainantDataRead e, EventMessage<?> message, TrackingToken token) {
        record(message, token, COMPLAINT, e.complaintId().value(), e.reader(), null, e.path());
    }

    @ResetHandler
    void reset() {
        for (MongoCollection<Document> collection : List.of(lines, events, lists, entries, days, items)) {
            collection.deleteMany(new Document());
        }
    }

    private void responsible(String itemId, String department) {
        items.updateOne(Filters.eq("_id", itemId), Updates.set("department", department),
                new UpdateOptions().upsert(true));
    }

    private void record(EventMessage<?> message, TrackingToken token, String itemType, String itemId, Actor actor,
                        String text, String path) {
        String eventId = message.getIdentifier();
        Document seen = events.find(Filters.eq("_id", eventId)).first();
        if (seen != null && seen.getBoolean("listed", false)) {
            return;
        }
        long position = seen != null ? seen.getLong("at") : place(eventId);
        Document item = items.find(Filters.eq("_id", itemId)).first();
        String itemDepartment = item == null ? null : item.getString("department");
        Instant at = message.getTimestamp();
        String day = zone.dayOf(at).toString();
        String type = message.getPayloadType().getSimpleName();
        lines.updateOne(Filters.eq("_id", position), Updates.setOnInsert(new Document("globalIndex", globalIndex(token))
                        .append("at", at.toString()).append("day", day).append("itemType", itemType)
                        .append("itemId", itemId).append("type", type).append("actor", actor.user())
                        .append("role", actor.role().name()).append("department", actor.department())
                        .append("itemDepartment", itemDepartment).append("text", text).append("path", path)),
                new UpdateOptions().upsert(true));
        days.updateOne(Filters.eq("_id", day), Updates.combine(Updates.min("first", position),
                Updates.max("last", position)), new UpdateOptions().upsert(true));
        Set<String> departments = new LinkedHashSet<>();
        if (actor.department() != null) {
            departments.add(actor.department());
        }
        if (itemDepartment != null) {
            departments.add(itemDepartment);
        }
        Document entry = new Document("p", position).append("actor", actor.user()).append("type", type)
                .append("departments", new ArrayList<>(departments)).append("day", day);
        List<String> into = new ArrayList<>(List.of(list("actor", actor.user()), list("type", type)));
        departments.forEach(department -> into.add(list("department", department)));
        List<Document> listed = new ArrayList<>(into.size());
        for (String list : into) {
            listed.add(new Document(entry).append("_id", slots.take(list).key()));
        }
        entries.insertMany(listed);
        lists.updateOne(Filters.eq("_id", ALL), Updates.max(DONE, position));
        events.updateOne(Filters.eq("_id", eventId), Updates.set("listed", true));
    }

    /** The next position, recorded for the event before anything else is written (see the class comment). */
    private long place(String eventId) {
        Slots.Taken taken = slots.take(ALL);
        long position = taken.before() == null || taken.before().get(Slots.COUNT) == null ? 1
                : ((Number) taken.before().get(Slots.COUNT)).longValue() + 1;
        Document before = events.findOneAndUpdate(Filters.eq("_id", eventId), Updates.setOnInsert("at", position),
                new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.BEFORE));
        return before == null ? position : before.getLong("at");
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
