package dev.closeout.application.ledger;

import dev.closeout.application.task.TaskResponse;
import dev.closeout.domain.task.MilestoneStatus;
import dev.closeout.projections.task.TaskView;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The columns of a ledger exported for a spreadsheet, headed in Chinese and English, one
 * definition for every file format (CSV, .xlsx). A row's values keep their types, so that a
 * workbook can hold real dates and numbers, and a text file writes each as text. Columns are only
 * ever added at the end, so that sheets built on the export keep their column letters.
 */
public final class LedgerColumns {

    public static final List<String> HEADER = List.of(
            "事项编号 Task id", "台账 Ledger", "事项 Title", "责任单位 Lead department", "配合单位 Supporting departments",
            "责任领导 Responsible leader", "来源 Source", "状态 Status", "颜色 Colour", "期限 Due date",
            "原期限 Original due date", "进度 Percent complete", "最新进展 Latest progress", "调度级别 Escalation",
            "登记时间 Registered at", "销号时间 Closed at", "按期销号 Closed on time", "曾逾期 Ever overdue",
            "类别 Category", "节点已完成 Milestones met", "节点总数 Milestones", "转办文号 Referral document number",
            "反馈状态 Report-back");

    /** The position of the colour (红黄蓝) column. */
    public static final int COLOUR = HEADER.indexOf("颜色 Colour");

    private LedgerColumns() {
    }

    /**
     * The task's values, in the order of {@link #HEADER}: each a {@link String}, a
     * {@link java.time.LocalDate}, a {@link LocalDateTime} in {@code zone} (the ledger's), an
     * {@link Integer}, or {@code null} for an empty cell.
     */
    public static List<Object> values(TaskResponse response, ZoneId zone) {
        TaskView t = response.task();
        List<Object> cells = new ArrayList<>();
        cells.add(t.taskId());
        cells.add(t.ledger());
        cells.add(t.title());
        cells.add(t.leadDepartment());
        cells.add(t.supportingDepartments() == null ? null : String.join("、", t.supportingDepartments()));
        cells.add(t.responsibleLeader());
        cells.add(t.source() == null ? null : t.source().name());
        cells.add(t.status().name());
        cells.add(response.colour() == null ? null : response.colour().name());
        cells.add(t.dueDate());
        cells.add(t.originalDueDate());
        cells.add(t.latestProgress() == null ? null : t.latestProgress().percentComplete());
        cells.add(t.latestProgress() == null ? null : t.latestProgress().note());
        cells.add(t.escalation() == null ? null : t.escalation().label());
        cells.add(t.registeredAt() == null ? null : LocalDateTime.ofInstant(t.registeredAt(), zone));
        cells.add(t.closedAt() == null ? null : LocalDateTime.ofInstant(t.closedAt(), zone));
        cells.add(t.closedOnTime() == null ? null : t.closedOnTime() ? "是 yes" : "否 no");
        cells.add(t.everOverdue() ? "是 yes" : "否 no");
        cells.add(t.category());
        cells.add(response.milestones().isEmpty() ? null
                : (int) response.milestones().stream().filter(m -> m.status().equals(MilestoneStatus.MET.name())).count());
        cells.add(response.milestones().isEmpty() ? null : response.milestones().size());
        cells.add(response.referral() == null ? null : response.referral().documentNumber());
        cells.add(response.referral() == null ? null : response.referral().status());
        return Collections.unmodifiableList(cells);
    }
}
