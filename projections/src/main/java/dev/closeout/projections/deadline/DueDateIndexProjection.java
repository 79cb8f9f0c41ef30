package dev.closeout.projections.deadline;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.InsertOneModel;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import dev.closeout.domain.common.EscalationLadder;
import dev.closeout.domain.complaint.ComplaintEvent.ComplaintAccepted;
import dev.closeout.domain.complaint.ComplaintEvent.ComplaintAssigned;
import dev.closeout.domain.complaint.ComplaintEvent.ComplaintClosed;
import dev.closeout.domain.complaint.ComplaintEvent.ComplaintEscalated;
import dev.closeout.domain.complaint.ComplaintEvent.ComplaintNotAcceptedInTime;
import dev.closeout.domain.complaint.ComplaintEvent.ComplaintNotAnsweredInTime;
import dev.closeout.domain.complaint.ComplaintEvent.ComplaintReceived;
import dev.closeout.domain.complaint.ComplaintEvent.ComplaintReferralReportBackOverdue;
import dev.closeout.domain.complaint.ComplaintEvent.ComplaintReferralReportedBack;
import dev.closeout.domain.complaint.ComplaintEvent.ComplaintReopened;
import dev.closeout.domain.complaint.ComplaintEvent.ComplaintReplied;
import dev.closeout.domain.complaint.ComplaintEvent.ComplaintTransferRejected;
import dev.closeout.domain.complaint.ComplaintEvent.ComplaintTransferRequested;
import dev.closeout.domain.complaint.ComplaintEvent.ComplaintTransferred;
import dev.closeout.domain.referral.ReferralNotice;
import dev.closeout.domain.task.Milestone;
import dev.closeout.domain.task.TaskEvent.MilestoneMissed;
import dev.closeout.domain.task.TaskEvent.MilestoneReportedMet;
import dev.closeout.domain.task.TaskEvent.MilestoneReturned;
import dev.closeout.domain.task.TaskEvent.MilestonesPlanned;
import dev.closeout.domain.task.TaskEvent.ReferralReportBackOverdue;
import dev.closeout.domain.task.TaskEvent.ReferralReportedBack;
import dev.closeout.domain.task.TaskEvent.TaskClosed;
import dev.closeout.domain.task.TaskEvent.TaskEscalated;
import dev.closeout.domain.task.TaskEvent.TaskExtensionApproved;
import dev.closeout.domain.task.TaskEvent.TaskFellDueSoon;
import dev.closeout.domain.task.TaskEvent.TaskRegistered;
import dev.closeout.domain.task.TaskEvent.TaskReopened;
import dev.closeout.domain.task.TaskEvent.TaskWentOverdue;
import dev.closeout.domain.task.TaskEvent.TaskWithdrawn;
import dev.closeout.domain.time.DeadlinePolicy;
import dev.closeout.projections.deadline.WatchedItem.Kind;
import dev.closeout.projections.deadline.WatchedItem.Stage;
import dev.closeout.projections.deadline.WatchedItem.WatchedMilestone;
import dev.closeout.projections.support.DocumentMapper;
import dev.closeout.projections.support.EndOfBatch;
import dev.closeout.projections.support.Slots;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.bson.Document;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The sweep's due-date index: per calendar date, the open items whose next deadline check falls on
 * that date, so a sweep reads only the dates from its last sweep to today and its cost grows with
 * the items due, not with all items. Every document is small and read by exact keys (decision 0008):
 * <ul>
 * <li>{@value #DAYS}: per date ({@code _id} = {@code "2026-11-25"}), a counter of the entries filed
 * under it ({@link Slots});</li>
 * <li>{@value #ENTRIES}: one document per filing, keyed by the date and its slot, naming the item
 * ({@code "TASK:<id>"}); a reader lists a date's entries by the keys its counter gives;</li>
 * <li>{@value #ITEMS}: per item, what {@link NextCheck} needs, the date it is filed under and the
 * key of its entry there.</li>
 * </ul>
 * A complaint whose department asked for a transfer (申请转办) is filed under no date until a supervisor decides,
 * unless a referral's report-back is still chased, as its aggregate chases nothing else meanwhile.
 * When an event moves the next check (a recorded transition, an extension, a closure), a new entry
 * is filed under the new date first, the old entry deleted, and the item document saved last with
 * the event's sequence number and its entry's key. A redelivered event (a crash before the item
 * was saved) files another entry under the new date; the one the item does not name is left behind
 * and passed over by {@link DueDateIndex#filedOn}, which keeps only entries their item names. An item
 * whose next check is already past when the event is handled (a task registered overdue) is filed
 * under the event's own day, which the sweep reads again.
 * <p>
 * The events of a processor batch are written together at its end ({@link EndOfBatch}, decision 0018): the
 * batch's items read once, changed in memory event by event, then the entries, the oldest date, the deletions
 * and the items in one bulk write each, in the order above; an item that moves more than once in a batch is
 * filed once, under the date the batch leaves it on.
 */
@ProcessingGroup(DueDateIndexProjection.PROCESSING_GROUP)
public class DueDateIndexProjection {

    public static final String PROCESSING_GROUP = "due-date-index";
    /**
     * The layout this code writes, part of the version under which the index is kept (see the
     * application's {@code ReadModelVersions}): 1 held each date's ids in one document, rewritten
     * whole at every filing; 2 filed a complaint whose transfer request was waiting on a supervisor.
     */
    public static final String LAYOUT = "3";
    /** Per date, the counter of entries filed under it. */
    public static final String DAYS = "due_date_days";
    /** One document per filing: the date's slot and the item filed there. */
    public static final String ENTRIES = "due_date_entries";
    public static final String ITEMS = "due_date_items";
    /**
     * The oldest date anything was filed under ({@code _id} "oldest"), the sweep's mark ("swept") and
     * the checks it retries ("retry").
     */
    public static final String MARKS = "due_date_marks";
    /** Every collection of this read model. */
    public static final List<String> COLLECTIONS = List.of(DAYS, ENTRIES, ITEMS, MARKS);
    /** The field of an entry naming its item, and of an item naming its entry. */
    static final String ITEM = "item";
    static final String ENTRY = "entry";
    /** The date documents of layout 1, dropped when the index is rebuilt. */
    static final String DATES = "due_dates";
    private static final UpdateOptions UPSERT = new UpdateOptions().upsert(true);
    private static final ReplaceOptions REPLACE_UPSERT = new ReplaceOptions().upsert(true);
    private static final BulkWriteOptions UNORDERED = new BulkWriteOptions().ordered(false);

    private final MongoDatabase database;
    private final Slots days;
    private final MongoCollection<Document> entries;
    private final MongoCollection<Document> items;
    private final MongoCollection<Document> marks;
    private final DeadlinePolicy policy;
    private final EscalationLadder ladder;

    public DueDateIndexProjection(MongoDatabase database, DeadlinePolicy policy, EscalationLadder ladder) {
        this.database = database;
        this.days = new Slots(database, DAYS);
        this.entries = database.getCollection(ENTRIES);
        this.items = database.getCollection(ITEMS);
        this.marks = database.getCollection(MARKS);
        this.policy = policy;
        this.ladder = ladder;
    }

    @EventHandler
    void on(TaskRegistered e, @SequenceNumber long seq, @Timestamp Instant at) {
        gather(new Step(Kind.TASK + ":" + e.taskId().value(), seq, at, WatchedItem.task(e.taskId().value(), e.ledger(),
                e.dueDate(), -1, watched(e.milestones()), reportBackDue(e.referral())), null));
    }

    @EventHandler
    void on(MilestonesPlanned e, @SequenceNumber long seq, @Timestamp Instant at) {
        task(e.taskId().value(), seq, at, item -> item.milestonesPlanned(watched(e.milestones())));
    }

    @EventHandler
    void on(MilestoneReportedMet e, @SequenceNumber long seq, @Timestamp Instant at) {
        task(e.taskId().value(), seq, at, item -> item.milestone(e.milestoneId(),
                m -> new WatchedMilestone(m.id(), m.dueDate(), true, m.missed())));
    }

    @EventHandler
    void on(MilestoneReturned e, @SequenceNumber long seq, @Timestamp Instant at) {
        task(e.taskId().value(), seq, at, item -> item.milestone(e.milestoneId(),
                m -> new WatchedMilestone(m.id(), m.dueDate(), false, m.missed())));
    }

    @EventHandler
    void on(MilestoneMissed e, @SequenceNumber long seq, @Timestamp Instant at) {
        task(e.taskId().value(), seq, at, item -> item.milestone(e.milestoneId(),
                m -> new WatchedMilestone(m.id(), m.dueDate(), m.reported(), true)));
    }

    @EventHandler
    void on(TaskExtensionApproved e, @SequenceNumber long seq, @Timestamp Instant at) {
        task(e.taskId().value(), seq, at, item -> item.dueOn(e.newDueDate()));
    }

    @EventHandler
    void on(TaskFellDueSoon e, @SequenceNumber long seq, @Timestamp Instant at) {
        task(e.taskId().value(), seq, at, item -> item.fellDueSoon(e.dueDate()));
    }

    @EventHandler
    void on(TaskWentOverdue e, @SequenceNumber long seq, @Timestamp Instant at) {
        task(e.taskId().value(), seq, at, item -> item.wentOverdue(e.dueDate()));
    }

    @EventHandler
    void on(TaskEscalated e, @SequenceNumber long seq, @Timestamp Instant at) {
        task(e.taskId().value(), seq, at, item -> item.escalatedTo(e.level()));
    }

    @EventHandler
    void on(TaskClosed e, @SequenceNumber long seq, @Timestamp Instant at) {
        task(e.taskId().value(), seq, at, item -> item.inStage(Stage.DONE));
    }

    /** A withdrawn task's referral lapses with it: nothing is chased any more. */
    @EventHandler
    void on(TaskWithdrawn e, @SequenceNumber long seq, @Timestamp Instant at) {
        task(e.taskId().value(), seq, at, item -> item.inStage(Stage.DONE).reportBackChased(null));
    }

    @EventHandler
    void on(ReferralReportedBack e, @SequenceNumber long seq, @Timestamp Instant at) {
        task(e.taskId().value(), seq, at, item -> item.reportBackChased(null));
    }

    @EventHandler
    void on(ReferralReportBackOverdue e, @SequenceNumber long seq, @Timestamp Instant at) {
        task(e.taskId().value(), seq, at, item -> item.reportBackChased(null));
    }

    @EventHandler
    void on(ComplaintReferralReportedBack e, @SequenceNumber long seq, @Timestamp Instant at) {
        complaint(e.complaintId().value(), seq, at, item -> item.reportBackChased(null));
    }

    @EventHandler
    void on(ComplaintReferralReportBackOverdue e, @SequenceNumber long seq, @Timestamp Instant at) {
        complaint(e.complaintId().value(), seq, at, item -> item.reportBackChased(null));
    }

    @EventHandler
    void on(TaskReopened e, @SequenceNumber long seq, @Timestamp Instant at) {
        task(e.taskId().value(), seq, at, item -> item.inStage(Stage.IN_HAND));
    }

    @EventHandler
    void on(ComplaintReceived e, @SequenceNumber long seq, @Timestamp Instant at) {
        gather(new Step(Kind.COMPLAINT + ":" + e.complaintId().value(), seq, at,
                WatchedItem.complaint(e.complaintId().value(), -1, reportBackDue(e.referral())), null));
    }

    @EventHandler
    void on(ComplaintAssigned e, @SequenceNumber long seq, @Timestamp Instant at) {
        complaint(e.complaintId().value(), seq, at, item -> item.handedOver(e.dueDate(), acceptBy(at)));
    }

    @EventHandler
    void on(ComplaintTransferred e, @SequenceNumber long seq, @Timestamp Instant at) {
        complaint(e.complaintId().value(), seq, at, item -> item.handedOver(e.dueDate(), acceptBy(at)));
    }

    @EventHandler
    void on(ComplaintReopened e, @SequenceNumber long seq, @Timestamp Instant at) {
        complaint(e.complaintId().value(), seq, at, item -> item.handedOver(e.dueDate(), acceptBy(at)));
    }

    @EventHandler
    void on(ComplaintTransferRequested e, @SequenceNumber long seq, @Timestamp Instant at) {
        complaint(e.complaintId().value(), seq, at, WatchedItem::transferRequested);
    }

    /** Filed again for the chase to resume, under the rejection's own day if a limit passed while the request waited. */
    @EventHandler
    void on(ComplaintTransferRejected e, @SequenceNumber long seq, @Timestamp Instant at) {
        complaint(e.complaintId().value(), seq, at, item -> item.transferRejected(acceptBy(at)));
    }

    @EventHandler
    void on(ComplaintAccepted e, @SequenceNumber long seq, @Timestamp Instant at) {
        complaint(e.complaintId().value(), seq, at, item -> item.inStage(Stage.IN_HAND));
    }

    @EventHandler
    void on(ComplaintReplied e, @SequenceNumber long seq, @Timestamp Instant at) {
        complaint(e.complaintId().value(), seq, at, item -> item.inStage(Stage.DONE));
    }

    @EventHandler
    void on(ComplaintClosed e, @SequenceNumber long seq, @Timestamp Instant at) {
        complaint(e.complaintId().value(), seq, at, item -> item.inStage(Stage.DONE));
    }

    @EventHandler
    void on(ComplaintNotAcceptedInTime e, @SequenceNumber long seq, @Timestamp Instant at) {
        complaint(e.complaintId().value(), seq, at, WatchedItem::notAccepted);
    }

    @EventHandler
    void on(ComplaintNotAnsweredInTime e, @SequenceNumber long seq, @Timestamp Instant at) {
        complaint(e.complaintId().value(), seq, at, item -> item.wentOverdue(e.dueDate()));
    }

    @EventHandler
    void on(ComplaintEscalated e, @SequenceNumber long seq, @Timestamp Instant at) {
        complaint(e.complaintId().value(), seq, at, item -> item.escalatedTo(e.level()));
    }

    /** A rebuild files every item again, and the next sweep starts over from the oldest date. */
    @ResetHandler
    void reset() {
        database.getCollection(DAYS).deleteMany(new Document());
        entries.deleteMany(new Document());
        items.deleteMany(new Document());
        marks.deleteMany(new Document());
        database.getCollection(DATES).drop();
    }

    private static List<WatchedMilestone> watched(List<Milestone> milestones) {
        return milestones == null ? List.of()
                : milestones.stream().map(m -> new WatchedMilestone(m.milestoneId(), m.dueDate(), false, false)).toList();
    }

    private static LocalDate reportBackDue(ReferralNotice referral) {
        return referral == null ? null : referral.reportBackDue();
    }

    private LocalDate acceptBy(Instant assignedAt) {
        return policy.acceptBy(policy.dayOf(assignedAt));
    }

    private void task(String id, long seq, Instant at, UnaryOperator<WatchedItem> change) {
        change(Kind.TASK, id, seq, at, change);
    }

    private void complaint(String id, long seq, Instant at, UnaryOperator<WatchedItem> change) {
        change(Kind.COMPLAINT, id, seq, at, change);
    }

    private void change(Kind kind, String id, long seq, Instant at, UnaryOperator<WatchedItem> change) {
        gather(new Step(kind + ":" + id, seq, at, null, change));
    }

    /**
     * One event's part in the index: an item's first filing ({@code registered} given, unless the item is filed
     * already) or a change of a filed item, unless the item already reflects event {@code seq}.
     */
    private record Step(String key, long seq, Instant at, WatchedItem registered, UnaryOperator<WatchedItem> change) {
    }

    /** An item as the index keeps it, and the key of the entry it is filed under ({@code null} when none). */
    private record Filed(WatchedItem item, String entry) {
    }

    private void gather(Step step) {
        EndOfBatch.gather(this, step, this::write);
    }

    /**
     * The steps of one batch, written together (decision 0018): the items read once and changed in memory event by
     * event; then, in the order a crash leaves safe (see the class comment), the new entries, the oldest date, the
     * deletion of the entries items left, and the items. Where an item is filed follows from where the batch leaves
     * it: under the date it was filed under, its entry there stays; under another, it gets one new entry, however
     * often it moved within the batch.
     */
    private void write(List<Step> steps) {
        Map<String, Filed> stored = new HashMap<>();
        Slots.byKey(items, steps.stream().map(Step::key).distinct().toList(), null)
                .forEach((key, document) -> stored.put(key, new Filed(
                        DocumentMapper.fromDocument(document, WatchedItem.class), document.getString(ENTRY))));
        Map<String, WatchedItem> changed = new LinkedHashMap<>();
        for (Step step : steps) {
            Filed before = stored.get(step.key());
            WatchedItem item = changed.containsKey(step.key()) ? changed.get(step.key())
                    : before == null ? null : before.item();
            if (step.registered() != null) {
                if (item == null) {
                    changed.put(step.key(), refiled(step.registered(), step.seq(), step.at()));
                }
            } else if (item == null) {
                throw new IllegalStateException("No due-date index entry for " + step.key());
            } else if (step.seq() > item.seq()) {
                changed.put(step.key(), refiled(step.change().apply(item), step.seq(), step.at()));
            }
        }
        if (changed.isEmpty()) {
            return;
        }
        Map<String, String> entryOf = new HashMap<>();
        Map<String, List<String>> toFile = new LinkedHashMap<>();
        changed.forEach((key, item) -> {
            Filed before = stored.get(key);
            if (item.filedOn() == null) {
                return;
            }
            if (before != null && before.entry() != null && item.filedOn().equals(before.item().filedOn())) {
                entryOf.put(key, before.entry());
            } else {
                toFile.computeIfAbsent(item.filedOn().toString(), day -> new ArrayList<>()).add(key);
            }
        });
        List<WriteModel<Document>> filings = new ArrayList<>();
        toFile.forEach((day, keys) -> {
            Slots.Run run = days.take(day, keys.size());
            for (int i = 0; i < keys.size(); i++) {
                entryOf.put(keys.get(i), run.key(i));
                filings.add(new InsertOneModel<>(new Document("_id", run.key(i)).append(ITEM, keys.get(i))));
            }
        });
        if (!filings.isEmpty()) {
            entries.bulkWrite(filings, UNORDERED);
            marks.updateOne(Filters.eq("_id", "oldest"), Updates.min("date", toFile.keySet().stream().min(
                    Comparator.naturalOrder()).orElseThrow()), UPSERT);
        }
        List<String> left = changed.keySet().stream().map(stored::get)
                .filter(before -> before != null && before.entry() != null
                        && !before.entry().equals(entryOf.get(before.item().key())))
                .map(Filed::entry).toList();
        for (List<String> batch : Slots.batches(left)) {
            entries.deleteMany(Filters.in("_id", batch));
        }
        items.bulkWrite(changed.values().stream().<WriteModel<Document>>map(item -> {
            Document document = DocumentMapper.toDocument(item);
            document.put("_id", item.key());
            document.put(ENTRY, entryOf.get(item.key()));
            return new ReplaceOneModel<>(Filters.eq("_id", item.key()), document, REPLACE_UPSERT);
        }).toList(), UNORDERED);
    }

    /**
     * What event {@code seq} of day {@code at} makes of an item's filing: the date of its next check, never before
     * the event's own day; none once nothing is left to check.
     */
    private WatchedItem refiled(WatchedItem item, long seq, Instant at) {
        LocalDate eventDay = policy.dayOf(at);
        LocalDate next = NextCheck.of(item, policy, ladder)
                .map(day -> day.isBefore(eventDay) ? eventDay : day)
                .orElse(null);
        return item.filed(next, seq);
    }
}
