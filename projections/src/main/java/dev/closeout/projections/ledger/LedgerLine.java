package dev.closeout.projections.ledger;

import dev.closeout.domain.task.Milestone;
import dev.closeout.domain.task.MilestoneStatus;
import dev.closeout.domain.task.TaskEvent.TaskProgressReported;
import dev.closeout.domain.task.TaskStatus;
import dev.closeout.domain.time.ItemTimeline;
import dev.closeout.projections.support.LineReader;
import org.bson.Document;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * One task's line in its department's ledger document: what the counts and the colour board need
 * and nothing more.
 *
 * @param seq            sequence number of the last event reflected
 * @param closedOnTime   for a closed task, whether it was closed on or before its due date
 * @param registeredOn   the day it was registered, in the ledger's zone
 * @param lastProgressOn the day of the task's latest progress report, by its lead department or a supervisor;
 *                       {@code null} before any
 * @param percent        the task's latest percent complete, as reported then; {@code null} before any report
 * @param everOverdue    whether it was ever recorded overdue: closed after that, it was closed late
 * @param extensionPending whether an extension request waits on a supervisor's decision (the supervisor
 *                       desk lists them from the lines, not from every task's view)
 * @param milestones     the task's milestones (推进时序表), for the board's colour and the milestone figures
 * @param reportBackDue  the report-back date (反馈) of a referral still awaited, for the board's colour;
 *                       {@code null} when none, reported back, and in lines written before referrals
 * @param closedOn       the office day a closed task was closed on; {@code null} while open: a milestone it had
 *                       not met and that fell due after that day was superseded by the closing, not missed
 * @param lead           the task's lead department (牵头单位), whose reports give the task's progress: a
 *                       supporting department's (配合单位) is on its own share
 */
record LedgerLine(long seq, TaskStatus status, LocalDate dueDate, Boolean closedOnTime, LocalDate registeredOn,
                  LocalDate lastProgressOn, Integer percent, boolean everOverdue, boolean extensionPending,
                  List<LineMilestone> milestones, LocalDate reportBackDue, LocalDate closedOn, String lead) {

    LedgerLine {
        milestones = milestones == null ? List.of() : List.copyOf(milestones);
    }

    /** A milestone as a line keeps it, stored as {@code "M1 2026-03-31 PLANNED"}. */
    record LineMilestone(String id, LocalDate dueDate, MilestoneStatus status) {

        String encoded() {
            return id + " " + dueDate + " " + status.name();
        }

        static LineMilestone decoded(String text) {
            String[] parts = text.split(" ");
            return new LineMilestone(parts[0], LocalDate.parse(parts[1]), MilestoneStatus.valueOf(parts[2]));
        }

        LineMilestone withStatus(MilestoneStatus next) {
            return new LineMilestone(id, dueDate, next);
        }
    }

    LedgerLine milestonesPlanned(List<Milestone> planned) {
        List<LineMilestone> all = new ArrayList<>(milestones);
        planned.stream().filter(m -> milestones.stream().noneMatch(known -> known.id().equals(m.milestoneId())))
                .forEach(m -> all.add(new LineMilestone(m.milestoneId(), m.dueDate(), MilestoneStatus.PLANNED)));
        return withMilestones(all);
    }

    LedgerLine milestone(String id, MilestoneStatus next) {
        return withMilestones(milestones.stream().map(m -> m.id().equals(id) ? m.withStatus(next) : m).toList());
    }

    private LedgerLine withMilestones(List<LineMilestone> next) {
        return new LedgerLine(seq, status, dueDate, closedOnTime, registeredOn, lastProgressOn, percent, everOverdue,
                extensionPending, next, reportBackDue, closedOn, lead);
    }

    LedgerLine withStatus(TaskStatus next) {
        return new LedgerLine(seq, next, dueDate, closedOnTime, registeredOn, lastProgressOn, percent, everOverdue,
                extensionPending, milestones, reportBackDue, closedOn, lead);
    }

    /** An extension asked for ({@code true}), or decided or lapsed ({@code false}). */
    LedgerLine withExtensionPending(boolean pending) {
        return new LedgerLine(seq, status, dueDate, closedOnTime, registeredOn, lastProgressOn, percent, everOverdue,
                pending, milestones, reportBackDue, closedOn, lead);
    }

    LedgerLine withDueDate(LocalDate next) {
        return new LedgerLine(seq, status, next, closedOnTime, registeredOn, lastProgressOn, percent, everOverdue,
                extensionPending, milestones, reportBackDue, closedOn, lead);
    }

    /** A progress report on {@code on}; a supporting department's leaves the task's progress as it was. */
    LedgerLine progressReported(LocalDate on, TaskProgressReported report) {
        boolean ofTask = report.isTaskProgress(lead);
        return new LedgerLine(seq, TaskStatus.IN_PROGRESS, dueDate, closedOnTime, registeredOn,
                ofTask ? on : lastProgressOn, ofTask ? Integer.valueOf(report.percentComplete()) : percent,
                everOverdue, extensionPending, milestones, reportBackDue, closedOn, lead);
    }

    LedgerLine wentOverdue() {
        return new LedgerLine(seq, status, dueDate, closedOnTime, registeredOn, lastProgressOn, percent, true,
                extensionPending, milestones, reportBackDue, closedOn, lead);
    }

    LedgerLine closed(boolean onTime, LocalDate on) {
        return new LedgerLine(seq, TaskStatus.CLOSED, dueDate, onTime, registeredOn, lastProgressOn, percent,
                everOverdue, false, milestones, reportBackDue, on, lead);
    }

    LedgerLine reopened() {
        return new LedgerLine(seq, TaskStatus.IN_PROGRESS, dueDate, null, registeredOn, lastProgressOn, percent,
                everOverdue, extensionPending, milestones, reportBackDue, null, lead);
    }

    /** A referral's report-back date still awaited ({@code null} once reported back). */
    LedgerLine awaitingReportBack(LocalDate by) {
        return new LedgerLine(seq, status, dueDate, closedOnTime, registeredOn, lastProgressOn, percent, everOverdue,
                extensionPending, milestones, by, closedOn, lead);
    }

    ItemTimeline timeline() {
        LocalDate nextMilestoneOn = milestones.stream().filter(m -> m.status().awaitsDepartment())
                .map(LineMilestone::dueDate).min(LocalDate::compareTo).orElse(null);
        return new ItemTimeline(registeredOn, dueDate, lastProgressOn, percent, status.isOpen(), nextMilestoneOn,
                reportBackDue);
    }

    Document toDocument() {
        Document d = new Document("seq", seq).append("status", status.name()).append("due", dueDate.toString())
                .append("reg", registeredOn.toString());
        if (closedOnTime != null) {
            d.append("onTime", closedOnTime);
        }
        if (lastProgressOn != null) {
            d.append("prog", lastProgressOn.toString()).append("pct", percent);
        }
        if (everOverdue) {
            d.append("red", true);
        }
        if (extensionPending) {
            d.append("ext", true);
        }
        if (!milestones.isEmpty()) {
            d.append("ms", milestones.stream().map(LineMilestone::encoded).toList());
        }
        if (reportBackDue != null) {
            d.append("rb", reportBackDue.toString());
        }
        if (closedOn != null) {
            d.append("closedOn", closedOn.toString());
        }
        if (lead != null) {
            d.append("lead", lead);
        }
        return d;
    }

    /** Lines written before registration days were kept read as registered on their due date, until a rebuild. */
    /** A stored line's, parsed once for as long as a copy of the lines holds it (decision 0017). */
    static LedgerLine of(LineReader.Line listed) {
        return listed.parsed(LedgerLine.class, LedgerLine::fromDocument);
    }

    static LedgerLine fromDocument(Document d) {
        LocalDate due = LocalDate.parse(d.getString("due"));
        String reg = d.getString("reg");
        String prog = d.getString("prog");
        String reportBack = d.getString("rb");
        String closedOn = d.getString("closedOn");
        return new LedgerLine(((Number) d.get("seq")).longValue(), TaskStatus.valueOf(d.getString("status")), due,
                d.getBoolean("onTime"), reg == null ? due : LocalDate.parse(reg),
                prog == null ? null : LocalDate.parse(prog), d.getInteger("pct"), d.getBoolean("red", false),
                d.getBoolean("ext", false),
                d.getList("ms", String.class, List.of()).stream().map(LineMilestone::decoded).toList(),
                reportBack == null ? null : LocalDate.parse(reportBack),
                closedOn == null ? null : LocalDate.parse(closedOn), d.getString("lead"));
    }
}
