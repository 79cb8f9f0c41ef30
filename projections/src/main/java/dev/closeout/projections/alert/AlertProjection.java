package dev.closeout.projections.alert;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import dev.closeout.domain.common.Actor;
import dev.closeout.domain.common.Role;
import dev.closeout.domain.report.ReportPublished;
import dev.closeout.domain.complaint.ComplaintEvent.ComplaintAssigned;
import dev.closeout.domain.complaint.ComplaintEvent.ComplaintEscalated;
import dev.closeout.domain.complaint.ComplaintEvent.ComplaintNotAcceptedInTime;
import dev.closeout.domain.complaint.ComplaintEvent.ComplaintNotAnsweredInTime;
import dev.closeout.domain.complaint.ComplaintEvent.ComplaintReferralReportBackOverdue;
import dev.closeout.domain.complaint.ComplaintEvent.ComplaintReceived;
import dev.closeout.domain.complaint.ComplaintEvent.ComplaintReopened;
import dev.closeout.domain.complaint.ComplaintEvent.ComplaintTransferred;
import dev.closeout.domain.task.TaskEvent.MilestoneMissed;
import dev.closeout.domain.task.TaskEvent.ReferralReportBackOverdue;
import dev.closeout.domain.task.TaskEvent.TaskEscalated;
import dev.closeout.domain.task.TaskEvent.TaskExtensionApproved;
import dev.closeout.domain.task.TaskEvent.TaskFellDueSoon;
import dev.closeout.domain.task.TaskEvent.TaskWentOverdue;
import dev.closeout.domain.task.TaskEvent.TaskRegistered;
import dev.closeout.domain.time.Colour;
import dev.closeout.domain.time.ColourReason;
import dev.closeout.projections.support.DocumentMapper;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.bson.Document;

import java.time.Instant;
import java.time.LocalDate;
import java.util.function.LongFunction;

/**
 * Raises alerts from the events that warrant one and numbers them into the feed read by
 * {@link AlertFeed}. It runs as a single tracking segment, so it is the feed's only writer: an
 * alert is stored first and the feed's head moved past it after, and an alert already stored for
 * an event (found by its {@code alertId}, the event's identifier) is not raised again when the
 * event is redelivered.
 * <p>
 * The feed is append-only, rebuilds included: consumers hold cursors into it, so a replay must not
 * number it afresh. A reset therefore keeps the alerts and the head; the replay rewrites each
 * alert it finds in place (mending one damaged by hand) and appends at the head any it does not
 * find, so a consumer resuming from its cursor sees only alerts that were missing, once.
 * <p>
 * Alerts need the item's ledger, department and due date, which most events do not repeat, so
 * the projection keeps those facts per item in {@value #SUBJECTS}. A report's announcement
 * ({@link ReportPublished}) carries all it says itself.
 */
@ProcessingGroup(AlertProjection.PROCESSING_GROUP)
public class AlertProjection {

    public static final String PROCESSING_GROUP = "alerts";
    public static final String COLLECTION = "alerts";
    public static final String COUNTERS = "alert_counters";
    public static final String SUBJECTS = "alert_subjects";
    public static final String TASK = "TASK";
    public static final String COMPLAINT = "COMPLAINT";
    public static final String REPORT = "REPORT";

    /** Tries at storing one alert while other instances take its position first: more means something else is wrong. */
    private static final int MAX_APPENDS = 5;

    private final MongoCollection<Document> alerts;
    private final MongoCollection<Document> counters;
    private final MongoCollection<Document> subjects;

    public AlertProjection(MongoDatabase database) {
        this.alerts = database.getCollection(COLLECTION);
        this.counters = database.getCollection(COUNTERS);
        this.subjects = database.getCollection(SUBJECTS);
        alerts.createIndex(Indexes.ascending("alertId"), new IndexOptions().unique(true).name("alertId"));
    }

    @EventHandler
    void on(TaskRegistered e) {
        remember(TASK, e.taskId().value(), e.ledger(), e.leadDepartment(), e.dueDate(), e.title());
    }

    @EventHandler
    void on(TaskExtensionApproved e) {
        dueDateMoved(TASK, e.taskId().value(), e.newDueDate());
    }

    @EventHandler
    void on(TaskEscalated e, EventMessage<?> message, @Timestamp Instant at) {
        escalated(message, TASK, e.taskId().value(), e.level(), e.levelLabel(), e.actor(), at);
    }

    @EventHandler
    void on(TaskFellDueSoon e, EventMessage<?> message, @Timestamp Instant at) {
        raise(message, Alert.AlertType.WARNING, ColourReason.DUE_SOON.name(), Colour.YELLOW,
                TASK, e.taskId().value(), null, at);
    }

    @EventHandler
    void on(TaskWentOverdue e, EventMessage<?> message, @Timestamp Instant at) {
        raise(message, Alert.AlertType.OVERDUE, ColourReason.OVERDUE.name(), Colour.RED,
                TASK, e.taskId().value(), null, at);
    }

    /** A missed milestone (节点未完成) turns the task yellow, as a warning does. */
    @EventHandler
    void on(MilestoneMissed e, EventMessage<?> message, @Timestamp Instant at) {
        raise(message, Alert.AlertType.WARNING, ColourReason.MILESTONE_MISSED.name(), Colour.YELLOW,
                TASK, e.taskId().value(), null, at);
    }

    /** A referral's report-back overdue (逾期未反馈) is red, as any deadline passed. */
    @EventHandler
    void on(ReferralReportBackOverdue e, EventMessage<?> message, @Timestamp Instant at) {
        raise(message, Alert.AlertType.OVERDUE, ColourReason.REFERRAL_REPORT_BACK_OVERDUE.name(), Colour.RED,
                TASK, e.taskId().value(), null, at);
    }

    @EventHandler
    void on(ComplaintReferralReportBackOverdue e, EventMessage<?> message, @Timestamp Instant at) {
        raise(message, Alert.AlertType.OVERDUE, ColourReason.REFERRAL_REPORT_BACK_OVERDUE.name(), Colour.RED,
                COMPLAINT, e.complaintId().value(), null, at);
    }

    /** A complaint's subject, as every reader of alerts may read it: the complainant masked in it. */
    @EventHandler
    void on(ComplaintReceived e) {
        titled(COMPLAINT, e.complaintId().value(), e.maskedSubject());
    }

    @EventHandler
    void on(ComplaintAssigned e) {
        remember(COMPLAINT, e.complaintId().value(), null, e.department(), e.dueDate(), null);
    }

    @EventHandler
    void on(ComplaintTransferred e) {
        remember(COMPLAINT, e.complaintId().value(), null, e.toDepartment(), e.dueDate(), null);
    }

    @EventHandler
    void on(ComplaintReopened e) {
        if (e.dueDate() != null) {
            dueDateMoved(COMPLAINT, e.complaintId().value(), e.dueDate());
        }
    }

    @EventHandler
    void on(ComplaintEscalated e, EventMessage<?> message, @Timestamp Instant at) {
        escalated(message, COMPLAINT, e.complaintId().value(), e.level(), e.levelLabel(), e.actor(), at);
    }

    @EventHandler
    void on(ComplaintNotAcceptedInTime e, EventMessage<?> message, @Timestamp Instant at) {
        raise(message, Alert.AlertType.OVERDUE, "NOT_ACCEPTED_IN_TIME", Colour.RED,
                COMPLAINT, e.complaintId().value(), null, at);
    }

    @EventHandler
    void on(ComplaintNotAnsweredInTime e, EventMessage<?> message, @Timestamp Instant at) {
        raise(message, Alert.AlertType.OVERDUE, "NOT_ANSWERED_IN_TIME", Colour.RED,
                COMPLAINT, e.complaintId().value(), null, at);
    }

    /**
     * A report ready: one alert per stored content, since the report's stream holds one event per content.
     * The reason is the report's kind, and the paths are where the report downloads.
     */
    @EventHandler
    void on(ReportPublished e, EventMessage<?> message, @Timestamp Instant at) {
        String path = "/api/reports/" + e.reportId();
        Alert.Report report = new Alert.Report(e.kind(), e.period(), e.contentHash(), e.revision(), path + ".xlsx",
                path + ".pdf");
        append(message, sequence -> new Alert(sequence, message.getIdentifier(), Alert.AlertType.REPORT, e.kind(),
                REPORT, e.reportId(), e.ledger(), null, null, null, null, at, report, null, null, null));
    }

    /** An escalation's alert: who escalated says whether it was automatic, and its colour. */
    private void escalated(EventMessage<?> message, String subjectType, String subjectId, String level,
                           String levelLabel, Actor by, Instant at) {
        raise(message, Alert.AlertType.ESCALATED, origin(by), escalatedColour(by), subjectType, subjectId, level,
                levelLabel, at);
    }

    private static String origin(Actor actor) {
        return actor.role() == Role.SYSTEM ? "AUTOMATIC" : "MANUAL";
    }

    /**
     * The engine escalates only items overdue, so its escalations are red; a supervisor's may come at
     * any time, and the projection does not track colours, so those carry none.
     */
    private static Colour escalatedColour(Actor actor) {
        return actor.role() == Role.SYSTEM ? Colour.RED : null;
    }

    /** Only the per-item facts go: the alerts and the head stay, so cursors stay valid (see above). */
    @ResetHandler
    void reset() {
        subjects.drop();
    }

    /** The item's facts its alerts carry; a {@code title} of {@code null} leaves the one recorded (a complaint's). */
    private void remember(String type, String id, String ledger, String department, LocalDate dueDate, String title) {
        Document facts = new Document("ledger", ledger).append("department", department)
                .append("dueDate", dueDate == null ? null : dueDate.toString());
        if (title != null) {
            facts.append("title", title);
        }
        subjects.updateOne(Filters.eq("_id", key(type, id)), new Document("$set", facts),
                new UpdateOptions().upsert(true));
    }

    private void titled(String type, String id, String title) {
        subjects.updateOne(Filters.eq("_id", key(type, id)), Updates.set("title", title),
                new UpdateOptions().upsert(true));
    }

    private void dueDateMoved(String type, String id, LocalDate dueDate) {
        subjects.updateOne(Filters.eq("_id", key(type, id)), Updates.set("dueDate", dueDate.toString()));
    }

    /**
     * Stores the alert for this event, or rewrites it in place when it was stored before (a
     * redelivery, or a replay), then moves the head. The colour is the alert's own, by its type and
     * reason, {@code null} where it has none.
     */
    private void raise(EventMessage<?> message, Alert.AlertType type, String reason, Colour colour,
                       String subjectType, String subjectId, String level, Instant at) {
        raise(message, type, reason, colour, subjectType, subjectId, level, null, at);
    }

    private void raise(EventMessage<?> message, Alert.AlertType type, String reason, Colour colour,
                       String subjectType, String subjectId, String level, String levelLabel, Instant at) {
        Document facts = subjects.find(Filters.eq("_id", key(subjectType, subjectId))).first();
        String path = (TASK.equals(subjectType) ? "/tasks/" : "/complaints/") + subjectId;
        append(message, sequence -> new Alert(sequence, message.getIdentifier(), type, reason, subjectType, subjectId,
                facts == null ? null : facts.getString("ledger"), facts == null ? null : facts.getString("department"),
                colour == null ? null : colour.name(), level, facts == null || facts.getString("dueDate") == null ? null
                : LocalDate.parse(facts.getString("dueDate")), at, null, facts == null ? null : facts.getString("title"),
                levelLabel, path));
    }

    /**
     * Stores the alert {@code alertAt} makes at its position: the one it had, or the next at the head. Should another
     * instance store it, or take that position, between the read and the insert (the processor's claim moving from
     * an instance still finishing its batch), the duplicate key sends it round again, to find the alert stored or
     * the next position free, rather than park the item's alerts behind a dead letter.
     */
    private void append(EventMessage<?> message, LongFunction<Alert> alertAt) {
        for (int attempt = 1; ; attempt++) {
            try {
                appendOnce(message, alertAt);
                return;
            } catch (MongoWriteException e) {
                if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY || attempt == MAX_APPENDS) {
                    throw e;
                }
            }
        }
    }

    private void appendOnce(EventMessage<?> message, LongFunction<Alert> alertAt) {
        Document stored = alerts.find(Filters.eq("alertId", message.getIdentifier())).first();
        long sequence = stored != null ? ((Number) stored.get("_id")).longValue() : nextSequence();
        Alert alert = alertAt.apply(sequence);
        Document document = DocumentMapper.toDocument(alert);
        document.remove("sequence");
        if (alert.report() == null) {
            // Item alerts are stored as they were before reports were announced, so a replay leaves them alone.
            document.remove("report");
        }
        document.put("_id", sequence);
        if (stored == null) {
            alerts.insertOne(document);
        } else if (!document.equals(stored)) {
            alerts.replaceOne(Filters.eq("_id", sequence), document);
        }
        moveHead(sequence);
    }

    private void moveHead(long sequence) {
        counters.updateOne(Filters.eq("_id", COLLECTION), Updates.max("head", sequence),
                new UpdateOptions().upsert(true));
    }

    /**
     * The head may lag the last stored alert by one (stored, then the process died before the
     * head moved), so look past it by exact key. Read from the store each time rather than
     * remembered: with several instances the segment may have been processed elsewhere meanwhile.
     */
    private long nextSequence() {
        Document counter = counters.find(Filters.eq("_id", COLLECTION)).first();
        long candidate = counter == null ? 1 : ((Number) counter.get("head")).longValue() + 1;
        while (alerts.find(Filters.eq("_id", candidate)).first() != null) {
            candidate++;
        }
        return candidate;
    }

    private static String key(String type, String id) {
        return type + ":" + id;
    }
}
