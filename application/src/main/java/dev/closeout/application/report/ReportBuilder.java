package dev.closeout.application.report;

import dev.closeout.application.infrastructure.axon.ItemEvents;
import dev.closeout.application.report.ReportContent.Section;
import dev.closeout.application.scorecard.PeriodFigures;
import dev.closeout.application.scorecard.ScorecardService;
import dev.closeout.domain.common.EscalationLadder;
import dev.closeout.domain.task.Task;
import dev.closeout.domain.task.TaskEvent.TaskEscalated;
import dev.closeout.domain.task.TaskStatus;
import dev.closeout.domain.time.Colour;
import dev.closeout.domain.time.ColourReason;
import dev.closeout.projections.complaint.ComplaintLedgerReport;
import dev.closeout.projections.ledger.DepartmentDeadlines;
import dev.closeout.projections.ledger.LedgerEntry;
import dev.closeout.projections.ledger.LedgerQueries;
import dev.closeout.projections.ledger.LedgerSummary.MilestoneFigures;
import dev.closeout.projections.ledger.LedgerSummary;
import dev.closeout.projections.support.OfficeZone;
import dev.closeout.projections.task.TaskView;
import dev.closeout.projections.task.TaskViews;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.stereotype.Component;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Writes a report's content from the ledger as it stood at the end of the period's last day: the
 * ledger's as-of lines ({@link LedgerQueries#entries}) and its daily close ({@link LedgerQueries#summary(String,
 * LocalDate)}), never from today's state, so the same period always gives the same content. Titles come from the
 * tasks' views; escalations too, as they stood at the period's end (from the task's events when the view's latest is
 * later). The
 * quarterly excerpt of the scorecard comes from the scorecard's own routine ({@link ScorecardService#figures}), which
 * judges an ended period as of its last day, tasks and complaints alike.
 */
@Component
class ReportBuilder {

    private static final String NONE = "—";

    private final LedgerQueries ledgers;
    private final TaskViews views;
    private final OfficeZone zone;
    private final EscalationLadder ladder;
    private final EventStore events;
    private final ScorecardService scorecards;

    ReportBuilder(LedgerQueries ledgers, TaskViews views, OfficeZone zone, EscalationLadder ladder, EventStore events,
                  ScorecardService scorecards) {
        this.scorecards = scorecards;
        this.events = events;
        this.ladder = ladder;
        this.ledgers = ledgers;
        this.views = views;
        this.zone = zone;
    }

    ReportContent build(String ledger, ReportPeriod period) {
        List<Section> sections = switch (period.kind()) {
            case WEEKLY -> {
                List<LedgerEntry> atEnd = atEnd(ledger, period);
                yield weekly(ledger, period, atEnd, titled(atEnd));
            }
            case MONTHLY -> {
                List<LedgerEntry> atEnd = atEnd(ledger, period);
                yield monthly(period, atEnd, titled(atEnd));
            }
            // the quarter's figures come from the scorecard's routine, which reads what it judges by itself
            case QUARTERLY -> quarterly(ledger, period);
        };
        return new ReportContent(ledger + " " + period.kind().label() + " " + period.label(), ledger, period.kind(),
                period.label(), period.from().toString(), period.to().toString(), period.to().toString(), sections);
    }

    /** The ledger's entries as they stood at the end of the period's last day. */
    private List<LedgerEntry> atEnd(String ledger, ReportPeriod period) {
        return ledgers.entries(ledger, period.to(), null, null, null);
    }

    /** The views of those entries' tasks, by task id, for their titles. */
    private Map<String, TaskView> titled(List<LedgerEntry> entries) {
        return views.findAll(entries.stream().map(LedgerEntry::taskId).toList()).stream()
                .collect(Collectors.toMap(TaskView::taskId, Function.identity()));
    }

    /** 周跟进: the open items per department, who reported progress in the week, who did not, new reds. */
    private List<Section> weekly(String ledger, ReportPeriod period, List<LedgerEntry> atEnd,
                                 Map<String, TaskView> titled) {
        Set<String> redBefore = ledgers.entries(ledger, period.from().minusDays(1), null, null, Set.of(Colour.RED))
                .stream().map(LedgerEntry::taskId).collect(Collectors.toSet());
        List<LedgerEntry> open = atEnd.stream().filter(e -> e.status().isOpen()).toList();
        List<LedgerEntry> reported = open.stream().filter(e -> reportedIn(e, period)).toList();
        List<LedgerEntry> silent = open.stream().filter(e -> !reportedIn(e, period)).toList();
        List<LedgerEntry> newReds = open.stream()
                .filter(e -> e.colour() == Colour.RED && !redBefore.contains(e.taskId())).toList();

        Map<String, long[]> byDepartment = new TreeMap<>();
        open.forEach(e -> tally(byDepartment, e)[0]++);
        reported.forEach(e -> tally(byDepartment, e)[1]++);
        silent.forEach(e -> tally(byDepartment, e)[2]++);
        newReds.forEach(e -> tally(byDepartment, e)[3]++);
        List<List<Object>> departments = new ArrayList<>();
        byDepartment.forEach((d, t) -> departments.add(List.of(d, t[0], t[1], t[2], t[3])));

        return List.of(
                new Section("departments", "部门 Departments",
                        List.of("部门 Department", "在办 Open", "本周报送进展 Reported", "本周未报送 No report",
                                "新增红灯 New reds"), departments),
                new Section("reported", "本周报送进展 Progress reported this week",
                        List.of("编号 Task", "事项 Title", "部门 Department", "最近报送 Last progress", "进度 Percent"),
                        reported.stream().map(e -> List.<Object>of(e.taskId(), title(titled, e), e.leadDepartment(),
                                day(e.lastProgressOn()), e.percentComplete() == null ? NONE : e.percentComplete() + "%"))
                                .toList()),
                new Section("noReport", "本周未报送 No report this week",
                        List.of("编号 Task", "事项 Title", "部门 Department", "最近报送 Last progress",
                                "办结时限 Due", "颜色 Colour"),
                        silent.stream().map(e -> List.<Object>of(e.taskId(), title(titled, e), e.leadDepartment(),
                                day(e.lastProgressOn()), e.dueDate().toString(), colour(e))).toList()),
                new Section("newReds", "新增红灯 New reds",
                        List.of("编号 Task", "事项 Title", "部门 Department", "办结时限 Due", "原因 Reasons"),
                        newReds.stream().map(e -> List.<Object>of(e.taskId(), title(titled, e), e.leadDepartment(),
                                e.dueDate().toString(), reasons(e))).toList()));
    }

    /** 月调度: red and escalated items, decisions waiting on a supervisor, departments ranked by reds. */
    private List<Section> monthly(ReportPeriod period, List<LedgerEntry> atEnd, Map<String, TaskView> titled) {
        List<LedgerEntry> open = atEnd.stream().filter(e -> e.status().isOpen()).toList();
        List<LedgerEntry> reds = open.stream().filter(e -> e.colour() == Colour.RED).toList();
        Map<String, TaskView.Escalation> asOfEnd = new HashMap<>();
        open.forEach(e -> escalationAt(titled.get(e.taskId()), period).ifPresent(made -> asOfEnd.put(e.taskId(), made)));
        List<LedgerEntry> escalated = open.stream().filter(e -> asOfEnd.containsKey(e.taskId())).toList();
        List<LedgerEntry> pending = open.stream()
                .filter(e -> e.status() == TaskStatus.CLOSURE_REQUESTED || e.extensionPending()).toList();

        Map<String, long[]> byDepartment = new TreeMap<>();
        open.forEach(e -> tally(byDepartment, e)[0]++);
        reds.forEach(e -> tally(byDepartment, e)[1]++);
        List<Map.Entry<String, long[]>> ranked = byDepartment.entrySet().stream()
                .sorted(Comparator.comparing((Map.Entry<String, long[]> d) -> -d.getValue()[1])
                        .thenComparing(Map.Entry::getKey))
                .toList();
        List<List<Object>> ranking = new ArrayList<>();
        for (int i = 0; i < ranked.size(); i++) {
            long reds1 = ranked.get(i).getValue()[1];
            // Equal numbers of reds share a rank (1, 2, 2, 4), as the scorecard ranks equal scores.
            long rank = i > 0 && ranked.get(i - 1).getValue()[1] == reds1 ? (long) ranking.get(i - 1).get(0) : i + 1;
            ranking.add(List.of(rank, ranked.get(i).getKey(), reds1, ranked.get(i).getValue()[0]));
        }

        return List.of(
                new Section("reds", "红灯事项 Red items",
                        List.of("编号 Task", "事项 Title", "部门 Department", "办结时限 Due", "原因 Reasons"),
                        reds.stream().map(e -> List.<Object>of(e.taskId(), title(titled, e), e.leadDepartment(),
                                e.dueDate().toString(), reasons(e))).toList()),
                new Section("escalated", "已升级督办 Escalated items",
                        List.of("编号 Task", "事项 Title", "部门 Department", "督办级别 Level", "理由 Reason"),
                        escalated.stream().map(e -> {
                            TaskView.Escalation made = asOfEnd.get(e.taskId());
                            return List.<Object>of(e.taskId(), title(titled, e), e.leadDepartment(), made.label(),
                                    made.reason() == null ? NONE : made.reason());
                        }).toList()),
                new Section("pending", "待决定 Pending extension and closure requests",
                        List.of("编号 Task", "事项 Title", "部门 Department", "办结时限 Due", "销号申请 Closure",
                                "延期申请 Extension"),
                        pending.stream().map(e -> List.<Object>of(e.taskId(), title(titled, e), e.leadDepartment(),
                                e.dueDate().toString(), yesNo(e.status() == TaskStatus.CLOSURE_REQUESTED),
                                yesNo(e.extensionPending()))).toList()),
                new Section("ranking", "部门红灯排名 Departments ranked by reds",
                        List.of("排名 Rank", "部门 Department", "红灯 Reds", "在办 Open"), ranking));
    }

    /**
     * 季总结: the ledger's figures and milestones at the quarter's end (its daily close), and the scorecard's
     * columns (季度考评) as they stood at its end, from the scorecard's own routine ({@link ScorecardService#figures}):
     * per department, the tasks due in the quarter, and the complaints (信访投诉) received in it and given to the
     * department, for the ledger's departments, those leading a task not withdrawn on it (complaints belong to no
     * ledger; the department assigned at the quarter's end counts them, as the scorecard does).
     */
    private List<Section> quarterly(String ledger, ReportPeriod period) {
        LedgerSummary figures = ledgers.summary(ledger, period.to()).orElseThrow();
        List<List<Object>> overall = new ArrayList<>();
        overall.add(List.of("合计 All", figures.registered(), figures.withdrawn(), figures.closed(), figures.open(),
                figures.overdue(), percent(figures.closureRate()), percent(figures.onTimeRate()), figures.closedLate()));
        figures.departments().forEach(d -> overall.add(List.of(d.department(), d.registered(), d.withdrawn(),
                d.closed(), d.open(), d.overdue(), percent(d.closureRate()), percent(d.onTimeRate()), d.closedLate())));
        List<List<Object>> milestones = new ArrayList<>();
        milestones.add(milestoneRow("合计 All", figures.milestones()));
        figures.departments().forEach(d -> milestones.add(milestoneRow(d.department(), d.milestones())));

        List<List<Object>> scorecard = new ArrayList<>();
        for (PeriodFigures.Department d : scorecards.figures(period.from(), period.to(), Set.of(ledger)).departments()) {
            DepartmentDeadlines t = d.tasks();
            ComplaintLedgerReport.Figures c = d.complaints() != null && d.complaints().received() > 0
                    ? d.complaints() : null;
            if (t.due() == 0 && c == null) {
                continue;
            }
            List<Object> row = new ArrayList<>(List.of(d.department(), t.due(), t.closedOnTime(), t.closedLate(),
                    t.openPastDue(), percent(t.onTimeRate())));
            row.addAll(complaintCells(c));
            scorecard.add(row);
        }

        return List.of(
                new Section("figures", "台账数字 Figures",
                        List.of("部门 Department", "挂账 Registered", "撤销 Withdrawn", "销号 Closed", "在办 Open",
                                "逾期 Overdue", "销号率 Closure rate", "按期率 On time", "逾期办结 Closed late"),
                        overall),
                new Section("milestones", "季度目标 Milestones",
                        List.of("部门 Department", "计划 Planned", "到期 Due", "完成 Met", "未完成 Missed",
                                "完成率 Rate"), milestones),
                new Section("scorecard", "考评摘录 Scorecard excerpt (deadlines due and complaints received in the quarter)",
                        List.of("部门 Department", "到期 Due", "按期销号 On time", "逾期销号 Late",
                                "逾期未办结 Open past due", "按期率 On-time rate", "投诉 Complaints",
                                "已答复 Replied", "响应率 Response rate", "已评价 Rated", "满意率 Satisfaction rate",
                                "投诉逾期 Complaints overdue"), scorecard));
    }

    /** A department's complaint columns: received, replied, 响应率, rated, 满意率, overdue; rates "—" over none. */
    private static List<Object> complaintCells(ComplaintLedgerReport.Figures c) {
        if (c == null) {
            return List.of(0L, 0L, NONE, 0L, NONE, 0L);
        }
        return List.of(c.received(), c.replied(), percent(c.responseRate()), c.rated(), percent(c.satisfactionRate()),
                c.overdue());
    }

    private static List<Object> milestoneRow(String department, MilestoneFigures m) {
        return List.of(department, m.planned(), m.due(), m.met(), m.missed(), percent(m.rate()));
    }

    /**
     * The task's escalation as it stood at the period's end, if that was above the ladder's first rung (督办 and
     * above: 催办, the first, is a reminder, which the sweep sends as soon as an item is overdue, so the list would
     * repeat the red items). The view holds the latest escalation; one made after the period's end (the sweep climbs
     * the ladder by itself, on the new month's first night too) sends the builder to the task's events for the last
     * escalation made by then, so that the period's report says the same whenever it is made. A level the office has
     * since removed from its ladder counts as escalated.
     */
    private Optional<TaskView.Escalation> escalationAt(TaskView view, ReportPeriod period) {
        if (view == null || view.escalation() == null) {
            return Optional.empty();
        }
        TaskView.Escalation made = view.escalation();
        if (zone.dayOf(made.at()).isAfter(period.to())) {
            made = null;
            for (DomainEventMessage<?> event : ItemEvents.of(events, view.taskId(), Task.class)) {
                if (event.getPayload() instanceof TaskEscalated e && !zone.dayOf(event.getTimestamp()).isAfter(period.to())) {
                    made = new TaskView.Escalation(e.level(), e.levelLabel(), e.reason(), event.getTimestamp(), e.actor());
                }
            }
        }
        return made == null || ladder.isFirstRung(made.level()) ? Optional.empty() : Optional.of(made);
    }

    private static boolean reportedIn(LedgerEntry e, ReportPeriod period) {
        return e.lastProgressOn() != null && !e.lastProgressOn().isBefore(period.from())
                && !e.lastProgressOn().isAfter(period.to());
    }

    private static long[] tally(Map<String, long[]> byDepartment, LedgerEntry e) {
        return byDepartment.computeIfAbsent(e.leadDepartment(), d -> new long[4]);
    }

    private static String title(Map<String, TaskView> titled, LedgerEntry e) {
        TaskView view = titled.get(e.taskId());
        return view == null ? NONE : view.title();
    }

    private static String day(LocalDate day) {
        return day == null ? NONE : day.toString();
    }

    private static String colour(LedgerEntry e) {
        return e.colour().label() + " " + e.colour();
    }

    private static String reasons(LedgerEntry e) {
        return e.colourReasons().isEmpty() ? NONE
                : e.colourReasons().stream().map(ColourReason::label).collect(Collectors.joining("、"));
    }

    private static String yesNo(boolean yes) {
        return yes ? "是 yes" : "否 no";
    }

    /**
     * A rate as the sheets print it, one decimal: text, so the content hashes the same everywhere; "—" with nothing
     * to divide by.
     */
    private static String percent(Double rate) {
        return rate == null ? NONE : String.format(Locale.ROOT, "%.1f%%", 100 * rate);
    }
}
