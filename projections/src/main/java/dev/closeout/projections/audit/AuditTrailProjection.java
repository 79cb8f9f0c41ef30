package dev.closeout.projections.audit;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.bulk.BulkWriteResult;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.InsertOneModel;
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
 * naming those positions, handed out by counters ({@link Slots}) and kept {@value #ENTRY_PAGE} slots to a
 * page document, so a page is read by exact keys only, on MongoDB and on the embedded server alike.
 * <p>
 * The events of a processor batch are written together at its end ({@link EndOfBatch}, decision 0018):
 * first, for the events not seen before, their positions (slots of {@value #ALL} taken at once) and their
 * slots in the list of their actor, of their type and of each department concerned (the actor's and the
 * item's), recorded with the item's department as it was on the event's placement page in {@value #PLACEMENTS}
 * ({@value #PLACEMENT_PAGE} global indexes a page); then the lines, the entries, each day's first and last
 * position in {@value #DAYS}, who is responsible for each item now; last, the {@value #DONE} mark on the
 * counter of {@value #ALL}, up to which readers read, so a line still being written is never skipped. A batch
 * delivered again after a crash finds its events placed and writes the same documents under the same keys
 * again: nothing is listed twice. Positions and slots taken by an attempt that never recorded them are keys
 * without a document, which readers pass over. A placement page is deleted once a batch begins past its last
 * global index: its events are then never delivered again.
 * <p>
 * A batch's writes are a few per page, not per event: a line per event, and a write per placement page, per
 * entry page and per list counter it touches, so a rebuild's batch of 1,000 events writes about 1,400
 * documents, not 6,000 (decision 0010, session 20).
 * <p>
 * The processor runs as one segment, so positions follow the event store's global order; a late
 * commit (a gap the store filled late) takes the next position when it arrives.
 */
@ProcessingGroup(AuditTrailProjection.PROCESSING_GROUP)
public class AuditTrailProjection {

    public static final String PROCESSING_GROUP = "audit-trail";
    /** The layout this code writes; a store written in another is replayed at start-up. */
    public static final String LAYOUT = "3: lines by position, slot lists per actor, department and type in pages "
            + "of 16, placements in pages of 32 global indexes";
    /** {@code {_id: position, globalIndex, at, day, itemType, itemId, type, actor, role, department, itemDepartment, text, path}}. */
    public static final String LINES = "audit_trail_lines";
    /**
     * {@code {_id: global index / 32, v: version, o: {"<global index % 32>": {id: event identifier, at: position,
     * slots: [its slot in each list], itemDepartment}}}}.
     */
    public static final String PLACEMENTS = "audit_trail_placements";
    /** Slot counters: {@value #ALL} (its slots are the positions) and one per list. */
    public static final String LISTS = "audit_trail_lists";
    /** {@code {_id: list + slot / 16, "<slot % 16>": {p: position, actor, type, departments, day}, ...}}. */
    public static final String ENTRIES = "audit_trail_entries";
    /** {@code {_id: office day, first, last}}: the positions a day's events span. */
    public static final String DAYS = "audit_trail_days";
    /** {@code {_id: item id, department}}: who is responsible for each item now. */
    public static final String ITEMS = "audit_trail_items";
    public static final List<String> COLLECTIONS = List.of(LINES, PLACEMENTS, LISTS, ENTRIES, DAYS, ITEMS);
    /** Where layout 2 recorded each event's placement, dropped with the rest of the trail. */
    static final String LAYOUT_2_EVENTS = "audit_trail_events";
    /** The counter whose slots are positions. */
    public static final String ALL = "all";
    /** The field of {@value #ALL} up to which every position is written. */
    public static final String DONE = "done";
    public static final String TASK = "TASK";
    public static final String COMPLAINT = "COMPLAINT";
    /** How many slots of a list one entry page holds (about 1.6 KB when full). */
    public static final int ENTRY_PAGE = 16;
    /** How many global indexes one placement page covers (about 4 KB when full). */
    static final int PLACEMENT_PAGE = 32;
    private static final String VERSION = "v";
    private static final String OFFSETS = "o";
    /** The record fields an event's text is taken from, the first present. */
    private static final List<String> TEXT_FIELDS = List.of("reason", "evidence", "note");
    private static final UpdateOptions UPSERT = new UpdateOptions().upsert(true);
    private static final BulkWriteOptions UNORDERED = new BulkWriteOptions().ordered(false);

    private final MongoDatabase database;
    private final MongoCollection<Document> lines;
    private final MongoCollection<Document> placements;
    private final MongoCollection<Document> lists;
    private final MongoCollection<Document> entries;
    private final MongoCollection<Document> days;
    private final MongoCollection<Document> items;
    private final Slots slots;
    private final OfficeZone zone;
    /**
     * The placement pages this instance wrote, until a batch begins past them. A placement only tells a batch
     * delivered again which events it already placed; the processor reads a batch only once the token of the one
     * before is stored, so an event before the first of a batch is never delivered again, and a page wholly before
     * it is deleted then. After a restart the pages of the last batches before it stay, harmless.
     */
    private final Set<Long> pagesToRelease = new LinkedHashSet<>();

    public AuditTrailProjection(MongoDatabase database, OfficeZone zone) {
        this.lines = database.getCollection(LINES);
        this.database = database;
        this.placements = database.getCollection(PLACEMENTS);
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
        pagesToRelease.clear();
        for (MongoCollection<Document> collection : List.of(lines, placements, lists, entries, days, items)) {
            collection.drop();
        }
        database.getCollection(LAYOUT_2_EVENTS).drop();
    }

    /** One event as the trail records it; {@code responsible} is the item's department from this event on, if it names one. */
    private record Step(String eventId, long globalIndex, Instant at, String type, String itemType, String itemId,
                        String responsible, Actor actor, String text, String path) {
    }

    /**
     * A step with its place in the trail: its position, its slot in each of its lists ({@link #listsOf}, in that
     * order) and the item's department at the time; {@code recordedNow}: this batch recorded them, so no line is
     * stored under its position yet (inserted, not upserted: on the embedded server an upsert is a query and an
     * insert).
     */
    private record Placed(Step step, long position, List<Long> slots, String itemDepartment, boolean recordedNow) {

        /** Each list the step is on with its slot there. */
        Map<String, Long> slotsByList() {
            List<String> lists = listsOf(step, itemDepartment);
            Map<String, Long> bySlot = new LinkedHashMap<>();
            for (int i = 0; i < lists.size(); i++) {
                bySlot.put(lists.get(i), slots.get(i));
            }
            return bySlot;
        }
    }

    private void record(EventMessage<?> message, TrackingToken token, String itemType, String itemId,
                        String responsible, Actor actor, String text, String path) {
        Step step = new Step(message.getIdentifier(), globalIndex(token), message.getTimestamp(),
                message.getPayloadType().getSimpleName(), itemType, itemId, responsible, actor, text, path);
        EndOfBatch.gather(this, step, this::write);
    }

    /** The steps of one batch, written together (see the class comment for the order). */
    private synchronized void write(List<Step> steps) {
        releasePlacementsBefore(steps.stream().mapToLong(Step::globalIndex).filter(index -> index >= 0).min()
                .orElse(Long.MIN_VALUE));
        Map<Object, Document> pages = placementPages(steps);
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
            Document seen = placementOf(pages, step);
            if (seen == null) {
                fresh.add(step);
                freshDepartments.add(departments.get(step.itemId()));
            } else {
                placed.add(placed(step, seen));
            }
        }
        placed.addAll(place(fresh, freshDepartments, pages));
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
        steps.forEach(step -> {
            if (step.globalIndex() >= 0) {
                pagesToRelease.add(step.globalIndex() / PLACEMENT_PAGE);
            }
        });
    }

    /**
     * Deletes the placement pages this instance wrote that lie wholly below global index {@code index}: no
     * event on them is delivered again.
     */
    private void releasePlacementsBefore(long index) {
        List<Long> released = pagesToRelease.stream().filter(page -> (page + 1) * PLACEMENT_PAGE <= index).toList();
        for (List<Long> ids : Slots.batches(released)) {
            placements.deleteMany(Filters.in("_id", ids));
        }
        released.forEach(pagesToRelease::remove);
    }

    /** The placement pages the steps' events are on, by page key, as stored before this batch. */
    private Map<Object, Document> placementPages(List<Step> steps) {
        List<Object> keys = steps.stream().map(AuditTrailProjection::pageOf).distinct().toList();
        Map<Object, Document> pages = new HashMap<>();
        for (List<Object> batch : Slots.batches(keys)) {
            placements.find(Filters.in("_id", batch)).forEach(page -> pages.put(page.get("_id"), page));
        }
        return pages;
    }

    /** The step's placement on its page, when an earlier delivery of it placed it. */
    private static Document placementOf(Map<Object, Document> pages, Step step) {
        Document page = pages.get(pageOf(step));
        Document offsets = page == null ? null : page.get(OFFSETS, Document.class);
        Document placement = offsets == null ? null : offsets.get(offsetOf(step), Document.class);
        return placement != null && step.eventId().equals(placement.getString("id")) ? placement : null;
    }

    /**
     * The placement page of a step's event: its global index's run of {@value #PLACEMENT_PAGE}, or, for an
     * event handed over without one (never by this application's processors), a page of its own by its
     * identifier.
     */
    private static Object pageOf(Step step) {
        return step.globalIndex() >= 0 ? (Object) (step.globalIndex() / PLACEMENT_PAGE) : "id:" + step.eventId();
    }

    private static String offsetOf(Step step) {
        return step.globalIndex() >= 0 ? String.valueOf(step.globalIndex() % PLACEMENT_PAGE) : "0";
    }

    /**
     * Takes positions and list slots for steps never seen, and records them on their placement pages before
     * anything is written under them. A page is written only as it was read ({@code v}, its version): when another
     * writer changed it meanwhile, the pages are read again, the steps it placed take its places, and the others
     * are placed anew.
     */
    private List<Placed> place(List<Step> fresh, List<String> itemDepartments, Map<Object, Document> pages) {
        List<Placed> placed = new ArrayList<>(fresh.size());
        List<Step> toPlace = fresh;
        List<String> toPlaceDepartments = itemDepartments;
        while (!toPlace.isEmpty()) {
            List<Placed> taken = take(toPlace, toPlaceDepartments);
            if (recordPlacements(taken, pages)) {
                placed.addAll(taken);
                return placed;
            }
            pages.clear();
            pages.putAll(placementPages(toPlace));
            List<Step> again = new ArrayList<>();
            List<String> againDepartments = new ArrayList<>();
            for (Placed mine : taken) {
                Document stored = placementOf(pages, mine.step());
                if (stored == null) {
                    again.add(mine.step());
                    againDepartments.add(mine.itemDepartment());
                } else {
                    placed.add(placed(mine.step(), stored));
                }
            }
            toPlace = again;
            toPlaceDepartments = againDepartments;
        }
        return placed;
    }

    /** Positions and list slots for these steps, taken from the counters. */
    private List<Placed> take(List<Step> steps, List<String> itemDepartments) {
        List<List<String>> listsOfEach = new ArrayList<>(steps.size());
        Map<String, Long> wanted = new LinkedHashMap<>();
        for (int i = 0; i < steps.size(); i++) {
            List<String> into = listsOf(steps.get(i), itemDepartments.get(i));
            listsOfEach.add(into);
            into.forEach(list -> wanted.merge(list, 1L, Long::sum));
        }
        long firstPosition = slots.take(ALL, steps.size()).first() + 1;
        Map<String, Long> next = new HashMap<>();
        wanted.forEach((list, count) -> next.put(list, slots.take(list, count).first()));
        List<Placed> taken = new ArrayList<>(steps.size());
        for (int i = 0; i < steps.size(); i++) {
            List<Long> listSlots = listsOfEach.get(i).stream().map(list -> next.merge(list, 1L, Long::sum) - 1)
                    .toList();
            taken.add(new Placed(steps.get(i), firstPosition + i, listSlots, itemDepartments.get(i), true));
        }
        return taken;
    }

    /**
     * Writes the placements onto their pages, each page only if it is still the version read. False when
     * another writer changed a page first.
     */
    private boolean recordPlacements(List<Placed> taken, Map<Object, Document> pages) {
        Map<Object, Document> byPage = new LinkedHashMap<>();
        for (Placed p : taken) {
            byPage.computeIfAbsent(pageOf(p.step()), page -> new Document()).append(offsetOf(p.step()),
                    new Document("id", p.step().eventId()).append("at", p.position()).append("slots", p.slots())
                            .append("itemDepartment", p.itemDepartment()));
        }
        List<WriteModel<Document>> writes = new ArrayList<>(byPage.size());
        byPage.forEach((page, offsets) -> {
            Document read = pages.get(page);
            if (read == null) {
                writes.add(new InsertOneModel<>(new Document("_id", page).append(VERSION, 1L).append(OFFSETS, offsets)));
            } else {
                Document sets = new Document();
                offsets.forEach((offset, placement) -> sets.append(OFFSETS + "." + offset, placement));
                // one flat filter: the embedded store's _id index serves it, not an $and of the same two conditions
                // (MongoDB serves either); the update a document, as Updates.combine(set..., inc) would make it,
                // encoded once (see writeEntries)
                writes.add(new UpdateOneModel<>(new Document("_id", page).append(VERSION, read.get(VERSION)),
                        new Document("$set", sets).append("$inc", new Document(VERSION, 1L))));
            }
        });
        try {
            BulkWriteResult result = placements.bulkWrite(writes, UNORDERED);
            return result.getInsertedCount() + result.getMatchedCount() == writes.size();
        } catch (MongoBulkWriteException e) {
            if (e.getWriteErrors().stream().allMatch(error -> error.getCategory() == ErrorCategory.DUPLICATE_KEY)) {
                return false;
            }
            throw e;
        }
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

    /**
     * Each entry set at its slot on its list's page: one write a page, however many of its slots the batch fills.
     * The update is the document {@code Updates.combine(Updates.set(...), ...)} makes, built as a document: the
     * driver encodes a document once, where the builders first copy their values into a tree of BSON values and
     * then encode that (5 % of a rebuild's samples, docs/measurements.md, session 28).
     */
    private void writeEntries(List<Placed> placed) {
        Map<String, Document> byPage = new LinkedHashMap<>();
        for (Placed p : placed) {
            Document entry = new Document("p", p.position()).append("actor", p.step().actor().user())
                    .append("type", p.step().type()).append("departments", departmentsOf(p.step(), p.itemDepartment()))
                    .append("day", day(p.step()));
            p.slotsByList().forEach((list, slot) -> byPage.computeIfAbsent(entryPage(list, slot), page -> new Document())
                    .append(String.valueOf(slot % ENTRY_PAGE), entry));
        }
        entries.bulkWrite(byPage.entrySet().stream().<WriteModel<Document>>map(page -> new UpdateOneModel<>(
                new Document("_id", page.getKey()), new Document("$set", page.getValue()), UPSERT)).toList(), UNORDERED);
    }

    /** The key of the page of {@code list} holding its slot {@code slot}. */
    static String entryPage(String list, long slot) {
        return Slots.key(list, slot / ENTRY_PAGE);
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
        return new Placed(step, ((Number) recorded.get("at")).longValue(),
                recorded.getList("slots", Number.class).stream().map(Number::longValue).toList(),
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
