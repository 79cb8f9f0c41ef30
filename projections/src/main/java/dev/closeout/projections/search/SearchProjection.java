package dev.closeout.projections.search;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.WriteModel;
import dev.closeout.domain.complaint.Complainant;
import dev.closeout.domain.complaint.ComplaintEvent;
import dev.closeout.domain.complaint.ComplaintEvent.ComplaintAccepted;
import dev.closeout.domain.complaint.ComplaintEvent.ComplaintAssigned;
import dev.closeout.domain.complaint.ComplaintEvent.ComplaintClosed;
import dev.closeout.domain.complaint.ComplaintEvent.ComplaintReceived;
import dev.closeout.domain.complaint.ComplaintEvent.ComplaintReferralReportedBack;
import dev.closeout.domain.complaint.ComplaintEvent.ComplaintReopened;
import dev.closeout.domain.complaint.ComplaintEvent.ComplaintReplied;
import dev.closeout.domain.complaint.ComplaintEvent.ComplaintTransferred;
import dev.closeout.domain.complaint.ComplaintStatus;
import dev.closeout.domain.referral.ReferralNotice;
import dev.closeout.domain.task.MilestoneStatus;
import dev.closeout.domain.task.TaskEvent;
import dev.closeout.domain.task.TaskEvent.MilestoneConfirmed;
import dev.closeout.domain.task.TaskEvent.MilestoneReportedMet;
import dev.closeout.domain.task.TaskEvent.MilestoneReturned;
import dev.closeout.domain.task.TaskEvent.MilestonesPlanned;
import dev.closeout.domain.task.TaskEvent.ReferralReportedBack;
import dev.closeout.domain.task.TaskEvent.TaskClaimed;
import dev.closeout.domain.task.TaskEvent.TaskClosed;
import dev.closeout.domain.task.TaskEvent.TaskClosureRequested;
import dev.closeout.domain.task.TaskEvent.TaskExtensionApproved;
import dev.closeout.domain.task.TaskEvent.TaskProgressReported;
import dev.closeout.domain.task.TaskEvent.TaskRegistered;
import dev.closeout.domain.task.TaskEvent.TaskReopened;
import dev.closeout.domain.task.TaskEvent.TaskReturned;
import dev.closeout.domain.task.TaskEvent.TaskWithdrawn;
import dev.closeout.domain.task.TaskStatus;
import dev.closeout.projections.support.ChangeLog;
import dev.closeout.projections.support.EndOfBatch;
import dev.closeout.projections.support.LineStore;
import dev.closeout.projections.support.Slots;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.bson.Document;

import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

/**
 * The search read model (查找): for every task and complaint, its words and a {@link SearchCard}.
 * <p>
 * The words of an item's title and description (a complaint's subject and content) are written once,
 * when it enters, to {@value #TERMS} ({@code {_id: "TASK:id", terms: "w1 w2 …"}}, by {@link SearchText}):
 * they never change. The card is a line of {@link LineStore} in a slot of its type, rewritten (a few
 * hundred bytes) at each event. The complainant's name and phone are never written here, and are cut
 * out of a complaint's content before its words are taken, so no search can find a complaint by them.
 * <p>
 * Every event also appends the item's key to a change log ({@value #CHANGES}, numbered by the slot
 * counter {@value #CHANGE_GROUP}), so that each instance's {@link SearchIndex} catches up by exact keys,
 * whichever instance runs this processor. A reset starts a new epoch of the log, which tells every
 * index to load again. While the processor replays (a rebuild), a batch moves the numbering on by more than
 * an index follows change by change and appends nothing: an index loads the read model whole then anyway. For the
 * same reason only the newest {@value #KEPT} changes are kept, twice what an index follows; older ones are deleted
 * {@value ChangeLog#TRIM_EVERY} at a time, as the ledger's change log deletes its own.
 */
@ProcessingGroup(SearchProjection.PROCESSING_GROUP)
public class SearchProjection {

    public static final String PROCESSING_GROUP = "search";
    /** The layout, and the text analysis, this code writes; a store written in another is rebuilt at start-up. */
    public static final String LAYOUT = "5: ICU Traditional-Simplified, smartcn words; cards with milestones and report-back; "
            + "no complainant's name or phone in any form, a complaint's title with its complainant masked; "
            + "a task's progress its lead department's";
    public static final String LINES = "search_lines";
    public static final String ITEM_INDEX = "search_item_index";
    /** Slot counters: one per type, and the change log's. */
    public static final String FILL = "search_fill";
    public static final String TERMS = "search_terms";
    public static final String CHANGES = "search_changes";
    static final String CHANGE_GROUP = "changes";
    static final String EPOCH = "epoch";
    static final List<String> TYPES = List.of(SearchCard.TASK, SearchCard.COMPLAINT);
    private static final UpdateOptions UPSERT = new UpdateOptions().upsert(true);
    /**
     * How many of the newest changes are kept: twice what an index follows, so that an index that chose to follow
     * from up to {@code SearchIndex.CATCH_UP} behind still finds every change while it reads them, whatever is
     * appended and trimmed meanwhile.
     */
    static final int KEPT = 2 * SearchIndex.CATCH_UP;

    private final LineStore lines;
    private final Slots slots;
    private final MongoCollection<Document> terms;
    private final MongoCollection<Document> changes;
    private final MongoCollection<Document> fill;

    public SearchProjection(MongoDatabase database) {
        this.lines = new LineStore(database, LINES, ITEM_INDEX, FILL, null, null, List.of());
        this.slots = new Slots(database, FILL);
        this.terms = database.getCollection(TERMS);
        this.changes = database.getCollection(CHANGES);
        this.fill = database.getCollection(FILL);
    }

    @EventHandler
    void on(TaskRegistered e, @SequenceNumber long seq, @Timestamp Instant at) {
        enter(new SearchCard(SearchCard.TASK, e.taskId().value(), e.title(), e.ledger(), e.leadDepartment(),
                TaskStatus.REGISTERED.name(), e.dueDate(), at, null, null, seq, null, reportBackDue(e.referral()))
                .milestonesPlanned(e.milestones()), e.title() + "\n" + e.description());
    }

    @EventHandler
    void on(TaskClaimed e, @SequenceNumber long seq) {
        task(e, seq, card -> card.withStatus(TaskStatus.CLAIMED.name()));
    }

    @EventHandler
    void on(TaskProgressReported e, @SequenceNumber long seq, @Timestamp Instant at) {
        // a card's department is the task's lead department; a supporting department's report is on its own share
        task(e, seq, card -> e.isTaskProgress(card.department())
                ? card.progressReported(TaskStatus.IN_PROGRESS.name(), at, e.percentComplete())
                : card.withStatus(TaskStatus.IN_PROGRESS.name()));
    }

    @EventHandler
    void on(TaskExtensionApproved e, @SequenceNumber long seq) {
        task(e, seq, card -> card.withDueDate(e.newDueDate()));
    }

    @EventHandler
    void on(TaskClosureRequested e, @SequenceNumber long seq) {
        task(e, seq, card -> card.withStatus(TaskStatus.CLOSURE_REQUESTED.name()));
    }

    @EventHandler
    void on(TaskClosed e, @SequenceNumber long seq) {
        task(e, seq, card -> card.withStatus(TaskStatus.CLOSED.name()));
    }

    @EventHandler
    void on(TaskReturned e, @SequenceNumber long seq) {
        task(e, seq, card -> card.withStatus(TaskStatus.IN_PROGRESS.name()));
    }

    @EventHandler
    void on(TaskReopened e, @SequenceNumber long seq) {
        task(e, seq, card -> card.withStatus(TaskStatus.IN_PROGRESS.name()));
    }

    /** A withdrawn task's referral lapses with it: nothing is owed the referring level any more. */
    @EventHandler
    void on(TaskWithdrawn e, @SequenceNumber long seq) {
        task(e, seq, card -> card.withStatus(TaskStatus.WITHDRAWN.name()).awaitingReportBack(null));
    }

    @EventHandler
    void on(MilestonesPlanned e, @SequenceNumber long seq) {
        task(e, seq, card -> card.milestonesPlanned(e.milestones()));
    }

    @EventHandler
    void on(MilestoneReportedMet e, @SequenceNumber long seq) {
        task(e, seq, card -> card.milestone(e.milestoneId(), MilestoneStatus.REPORTED));
    }

    @EventHandler
    void on(MilestoneConfirmed e, @SequenceNumber long seq) {
        task(e, seq, card -> card.milestone(e.milestoneId(), MilestoneStatus.MET));
    }

    @EventHandler
    void on(MilestoneReturned e, @SequenceNumber long seq) {
        task(e, seq, card -> card.milestone(e.milestoneId(), MilestoneStatus.PLANNED));
    }

    @EventHandler
    void on(ReferralReportedBack e, @SequenceNumber long seq) {
        task(e, seq, card -> card.awaitingReportBack(null));
    }

    /** Events that change nothing searched still advance the card's sequence number. */
    @EventHandler
    void on(TaskEvent e, @SequenceNumber long seq) {
        task(e, seq, UnaryOperator.identity());
    }

    @EventHandler
    void on(ComplaintReceived e, @SequenceNumber long seq) {
        // the card's title is shown to every reader of the results
        enter(new SearchCard(SearchCard.COMPLAINT, e.complaintId().value(), e.maskedSubject(), null, null,
                        ComplaintStatus.RECEIVED.name(), null, e.receivedAt(), null, null, seq, null,
                        reportBackDue(e.referral())),
                withoutComplainant(e.subject() + "\n" + e.content(), e.complainant()));
    }

    @EventHandler
    void on(ComplaintAssigned e, @SequenceNumber long seq) {
        complaint(e, seq, card -> card.assigned(e.department(), e.dueDate(), ComplaintStatus.ASSIGNED.name()));
    }

    @EventHandler
    void on(ComplaintTransferred e, @SequenceNumber long seq) {
        complaint(e, seq, card -> card.assigned(e.toDepartment(), e.dueDate(), ComplaintStatus.ASSIGNED.name()));
    }

    @EventHandler
    void on(ComplaintAccepted e, @SequenceNumber long seq) {
        complaint(e, seq, card -> card.withStatus(ComplaintStatus.ACCEPTED.name()));
    }

    @EventHandler
    void on(ComplaintReplied e, @SequenceNumber long seq) {
        complaint(e, seq, card -> card.withStatus(ComplaintStatus.REPLIED.name()));
    }

    @EventHandler
    void on(ComplaintClosed e, @SequenceNumber long seq) {
        complaint(e, seq, card -> card.withStatus(ComplaintStatus.CLOSED.name()));
    }

    @EventHandler
    void on(ComplaintReopened e, @SequenceNumber long seq) {
        complaint(e, seq, card -> card.assigned(card.department(), e.dueDate(), ComplaintStatus.ASSIGNED.name()));
    }

    @EventHandler
    void on(ComplaintReferralReportedBack e, @SequenceNumber long seq) {
        complaint(e, seq, card -> card.awaitingReportBack(null));
    }

    @EventHandler
    void on(ComplaintEvent e, @SequenceNumber long seq) {
        complaint(e, seq, UnaryOperator.identity());
    }

    /** A rebuild starts from nothing, in a new epoch of the change log. */
    @ResetHandler
    void reset() {
        lines.reset();
        terms.drop();
        changes.drop();
        fill.insertOne(new Document("_id", CHANGE_GROUP).append(Slots.COUNT, 0L)
                .append(EPOCH, UUID.randomUUID().toString()));
    }

    private static LocalDate reportBackDue(ReferralNotice referral) {
        return referral == null ? null : referral.reportBackDue();
    }

    /**
     * The complainant's name and phone, should the subject or content repeat them, are not words of the complaint:
     * looked for in the text as the index sees it ({@link SearchText#normalize}: full-width digits, traditional
     * script), the phone as its digits with any spaces or hyphens between them, with and without a country code.
     */
    static String withoutComplainant(String text, Complainant complainant) {
        if (text == null || complainant == null) {
            return text;
        }
        String seen = SearchText.normalize(text);
        if (complainant.name() != null && !complainant.name().isBlank()) {
            seen = seen.replace(SearchText.normalize(complainant.name().strip()), " ");
        }
        if (complainant.phone() != null) {
            String digits = SearchText.normalize(complainant.phone()).replaceAll("[^0-9]", "");
            for (String number : digits.length() > 11 ? List.of(digits, digits.substring(digits.length() - 11))
                    : List.of(digits)) {
                if (number.length() >= 5) {
                    seen = Pattern.compile(String.join("[\\s\\-]*", number.split(""))).matcher(seen).replaceAll(" ");
                }
            }
        }
        return seen;
    }

    /**
     * The card, then its words, written with the batch's change log and before it, so that an index finding the
     * card finds its words.
     */
    private void enter(SearchCard card, String text) {
        lines.enter(card.key(), card.type(), null, null, card.toDocument(), Map.of());
        EndOfBatch.gather(this, new Change(card.key(), String.join(" ", SearchText.terms(text))), this::logChanges);
    }

    private void task(TaskEvent e, long seq, UnaryOperator<SearchCard> change) {
        change(SearchCard.keyOf(SearchCard.TASK, e.taskId().value()), seq, change);
    }

    private void complaint(ComplaintEvent e, long seq, UnaryOperator<SearchCard> change) {
        change(SearchCard.keyOf(SearchCard.COMPLAINT, e.complaintId().value()), seq, change);
    }

    private void change(String key, long seq, UnaryOperator<SearchCard> change) {
        lines.change(key, seq, line -> change.apply(SearchCard.fromDocument(line)).toDocument());
        logChange(key);
    }

    /**
     * After the line is written, so that whoever reads the change reads the line as it is now, or newer: in a
     * processor batch, the line store gathered its writes first, so they are written first ({@link EndOfBatch}).
     */
    private void logChange(String key) {
        EndOfBatch.gather(this, new Change(key, null), this::logChanges);
    }

    /**
     * The words of the items a batch entered (one bulk write; an item's first words stay, so a batch delivered
     * again changes none), then the cards it changed, numbered a batch at a time: an index that reads a change
     * finds the item's words.
     */
    private void logChanges(List<Change> batch) {
        Map<String, String> entered = new LinkedHashMap<>();
        batch.stream().filter(change -> change.words() != null)
                .forEach(change -> entered.putIfAbsent(change.key(), change.words()));
        if (!entered.isEmpty()) {
            terms.bulkWrite(entered.entrySet().stream().<WriteModel<Document>>map(words -> new UpdateOneModel<>(
                    Filters.eq("_id", words.getKey()),
                    new Document("$setOnInsert", new Document("terms", words.getValue())), UPSERT)).toList(),
                    new BulkWriteOptions().ordered(false));
        }
        if (EndOfBatch.replaying()) {
            // a rebuild: every index is further behind than it follows change by change, and loads again
            slots.take(CHANGE_GROUP, batch.size() + SearchIndex.CATCH_UP);
            return;
        }
        Slots.Run run = slots.take(CHANGE_GROUP, batch.size());
        changes.insertMany(IntStream.range(0, batch.size())
                .mapToObj(i -> new Document("_id", run.key(i)).append(LineStore.ITEM, batch.get(i).key())).toList());
        List<String> old = ChangeLog.trimmed(run.first(), batch.size(), KEPT).stream()
                .map(number -> Slots.key(CHANGE_GROUP, number)).toList();
        for (List<String> ids : Slots.batches(old)) {
            changes.deleteMany(Filters.in("_id", ids));
        }
    }

    /** A card changed by an event, with the item's words when the event entered it. */
    private record Change(String key, String words) {
    }
}
