package dev.closeout.application.support;

import com.mongodb.client.MongoDatabase;
import dev.closeout.application.infrastructure.axon.ProcessorProgress;
import dev.closeout.application.support.MongoCommandCounts.Costs;
import dev.closeout.domain.common.Actor;
import dev.closeout.domain.complaint.ComplaintChannel;
import dev.closeout.domain.complaint.ComplaintCommand;
import dev.closeout.domain.complaint.ComplaintId;
import dev.closeout.domain.complaint.Referral;
import dev.closeout.domain.complaint.Satisfaction;
import dev.closeout.domain.task.TaskCommand;
import dev.closeout.domain.task.TaskId;
import dev.closeout.domain.task.TaskSource;
import dev.closeout.projections.alert.AlertProjection;
import dev.closeout.projections.complaint.ComplaintLedgerProjection;
import dev.closeout.projections.complaint.ComplaintViewProjection;
import dev.closeout.projections.deadline.DueDateIndexProjection;
import dev.closeout.projections.ledger.LedgerProjection;
import dev.closeout.projections.task.TaskViewProjection;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.EventProcessingConfiguration;
import org.springframework.context.ApplicationContext;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The cost model (decision 0008): each command of the task and complaint lifecycles sent once, and
 * counted by {@link MongoCommandCounts} from the moment it is sent until every tracking processor
 * has taken in the events it appended, so the count is the command's whole effect: the aggregate's
 * load and append and every read model's reads and writes. Only the collections of the event store
 * and the read models are kept ({@link #COLLECTIONS}); tracking tokens and webhook state are written
 * by background loops that do not follow one command.
 * <p>
 * Used by {@code CostModelTest} (in the shared test context) and by {@code CountyBenchmark} (in an
 * application started in the benchmark's JVM on the run's data directory).
 */
public final class CostModel {

    /** The collections a command and its projections write: the event store and the read models. */
    public static final Set<String> COLLECTIONS = Stream.concat(
            Stream.of("events", "event_counters", "snapshots", TaskViewProjection.COLLECTION,
                    ComplaintViewProjection.COLLECTION, AlertProjection.COLLECTION, AlertProjection.COUNTERS,
                    AlertProjection.SUBJECTS),
            Stream.concat(LedgerProjection.COLLECTIONS.stream(), Stream.concat(
                    ComplaintLedgerProjection.COLLECTIONS.stream(), DueDateIndexProjection.COLLECTIONS.stream())))
            .collect(Collectors.toUnmodifiableSet());

    private static final Duration CATCH_UP = Duration.ofSeconds(60);
    private static final Actor SUPERVISOR = Actor.supervisor("supervisor");

    private final MongoCommandCounts counts;
    private final MongoDatabase database;
    /** The read models' store: the embedded default's second file (decision 0020), on MongoDB the same database. */
    private final MongoDatabase readModels;
    private final CommandGateway commands;
    private final ProcessorProgress progress;
    private final EventProcessingConfiguration processing;

    public CostModel(ApplicationContext context) {
        this.counts = context.getBean(MongoCommandCounts.class);
        this.database = context.getBean(MongoDatabase.class);
        this.readModels = context.getBean("readModelDatabase", MongoDatabase.class);
        this.commands = context.getBean(CommandGateway.class);
        this.progress = context.getBean(ProcessorProgress.class);
        this.processing = context.getBean(EventProcessingConfiguration.class);
    }

    /** What one command costs, its projections included, in the event store's and read models' collections. */
    public Costs measure(Object command) {
        awaitProcessors();
        MongoCommandCounts.Recording recording = counts.start(database, readModels);
        try {
            commands.sendAndWait(command);
        } finally {
            awaitProcessors();
        }
        return recording.stop().only(COLLECTIONS);
    }

    private void awaitProcessors() {
        counts.muted(() -> {
            for (String group : processing.eventProcessors().keySet()) {
                if (!progress.caughtUp(group, CATCH_UP)) {
                    throw new IllegalStateException("Processor " + group + " did not catch up in " + CATCH_UP);
                }
            }
            return null;
        });
    }

    /**
     * Every command of a task's life, on a task of its own registered in {@code ledger} for
     * {@code department}, due {@code due}: the cost of each, in the order sent.
     */
    public Map<String, Costs> taskLifecycle(String ledger, String department, LocalDate due) {
        TaskId task = TaskId.generate();
        Actor lead = Actor.department("cost-" + department.toLowerCase(Locale.ROOT), department);
        Map<String, Costs> costs = new LinkedHashMap<>();
        costs.put("register", measure(registration(task, ledger, department, due)));
        costs.put("claim", measure(new TaskCommand.ClaimTask(task, lead)));
        costs.put("progress", measure(new TaskCommand.ReportProgress(task, "现场核查完成", 40, lead)));
        costs.put("extension request", measure(new TaskCommand.RequestExtension(task, due.plusDays(14), "需协调", lead)));
        costs.put("extension approve", measure(new TaskCommand.ApproveExtension(task, SUPERVISOR)));
        costs.put("extension request 2", measure(new TaskCommand.RequestExtension(task, due.plusDays(30), "再延", lead)));
        costs.put("extension reject", measure(new TaskCommand.RejectExtension(task, "不予延期", SUPERVISOR)));
        costs.put("escalate", measure(new TaskCommand.EscalateTask(task, "REMINDER", "进度滞后", SUPERVISOR)));
        costs.put("closure request", measure(new TaskCommand.RequestClosure(task, "整改报告", lead)));
        costs.put("return", measure(new TaskCommand.ReturnTask(task, "材料不全", SUPERVISOR)));
        measure(new TaskCommand.RequestClosure(task, "补充材料", lead));
        costs.put("close", measure(new TaskCommand.CloseTask(task, SUPERVISOR)));
        costs.put("reopen", measure(new TaskCommand.ReopenTask(task, "回头看发现反弹", SUPERVISOR)));
        costs.put("withdraw", measure(new TaskCommand.WithdrawTask(task, "重复登记", SUPERVISOR)));
        return costs;
    }

    /** Registration of a task, for filling a ledger before measuring. */
    public static TaskCommand.RegisterTask registration(TaskId task, String ledger, String department, LocalDate due) {
        return new TaskCommand.RegisterTask(task, ledger, "巡查发现问题整改", null, department, List.of(), null,
                TaskSource.SELF_IDENTIFIED, due, SUPERVISOR, null);
    }

    /** Every command of a complaint's life, assigned to {@code department} (then moved to {@code other}), due {@code due}. */
    public Map<String, Costs> complaintLifecycle(String department, String other, LocalDate due, Instant receivedAt) {
        ComplaintId complaint = ComplaintId.generate();
        Map<String, Costs> costs = new LinkedHashMap<>();
        costs.put("receive", measure(receipt(complaint, receivedAt)));
        costs.put("assign", measure(new ComplaintCommand.AssignComplaint(complaint, department, due, SUPERVISOR)));
        costs.put("transfer request", measure(new ComplaintCommand.RequestTransfer(complaint, "非本部门职责",
                Actor.department("cost-a", department))));
        costs.put("transfer", measure(new ComplaintCommand.TransferComplaint(complaint, other, due, "改派", SUPERVISOR)));
        Actor handler = Actor.department("cost-b", other);
        costs.put("accept", measure(new ComplaintCommand.AcceptComplaint(complaint, handler)));
        costs.put("escalate", measure(new ComplaintCommand.EscalateComplaint(complaint, "REMINDER", "群众反映强烈",
                SUPERVISOR)));
        costs.put("reply", measure(new ComplaintCommand.ReplyToComplaint(complaint, "已处理并答复", handler)));
        costs.put("satisfaction", measure(new ComplaintCommand.RecordSatisfaction(complaint, Satisfaction.DISSATISFIED,
                null, SUPERVISOR)));
        costs.put("reopen", measure(new ComplaintCommand.ReopenComplaint(complaint, "回访不满意", due.plusDays(7),
                SUPERVISOR)));
        measure(new ComplaintCommand.AcceptComplaint(complaint, handler));
        measure(new ComplaintCommand.ReplyToComplaint(complaint, "再次答复", handler));
        costs.put("close", measure(new ComplaintCommand.CloseComplaint(complaint, SUPERVISOR)));
        return costs;
    }

    /** Receipt of a complaint, for filling a month before measuring. */
    public static ComplaintCommand.ReceiveComplaint receipt(ComplaintId complaint, Instant receivedAt) {
        return new ComplaintCommand.ReceiveComplaint(complaint, ComplaintChannel.HOTLINE_12345, Referral.NONE,
                "噪音扰民", "夜间施工噪音", null, null, receivedAt, SUPERVISOR);
    }

    /** The table of the cost model: per command, at each size measured, what it read and wrote. */
    public static String table(Map<String, Map<String, Costs>> bySize) {
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "%-22s %-12s %8s %9s %8s %10s %8s  %s%n",
                "command", "items", "queries", "docs read", "KB read", "docs write", "B write", "not exact-key"));
        Map<String, List<String>> rows = new LinkedHashMap<>();
        bySize.forEach((size, commands) -> commands.forEach((command, c) -> rows
                .computeIfAbsent(command, k -> new java.util.ArrayList<>())
                .add(String.format(Locale.ROOT, "%-22s %-12s %8d %9d %8.1f %10d %8d  %s%n", command, size, c.queries(),
                        c.docsRead(), c.bytesRead() / 1024.0, c.docsWritten(), c.bytesWritten(),
                        c.inexact().isEmpty() ? "-" : String.join("; ", c.inexact())))));
        rows.values().forEach(lines -> lines.forEach(text::append));
        return text.toString();
    }

    /** Per command and size, where the bytes were written, for reading a table row. */
    public static String writes(Map<String, Map<String, Costs>> bySize) {
        StringBuilder text = new StringBuilder();
        bySize.forEach((size, commands) -> commands.forEach((command, c) -> text.append(String.format(Locale.ROOT,
                "%-22s %-12s %s%n", command, size, c.writes()))));
        return text.toString();
    }
}
