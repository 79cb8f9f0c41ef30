package dev.closeout.application.publicboard;

import dev.closeout.domain.common.InvalidValueException;
import dev.closeout.domain.task.TaskStatus;
import dev.closeout.domain.time.Colour;

import java.time.LocalDate;
import java.util.List;
import java.util.Locale;

/**
 * What the public may see of one ledger, and nothing else: the page is rendered from this record
 * alone, so a field added to tasks (a complainant, a note, evidence, an actor) cannot reach it
 * unless it is added here. Withdrawn items (registered by mistake) are neither listed nor counted.
 *
 * @param asOf    the day the colours and figures were judged on, in the ledger's zone
 * @param version a digest of everything above, the page's entity tag
 */
public record PublicLedger(String ledger, LocalDate asOf, Figures figures, List<DepartmentRates> departments,
                           List<Item> items, String version) {

    /** {@code registered} excludes withdrawn items; the colours count open items. */
    public record Figures(long registered, long open, long closed, long red, long yellow, long blue,
                          Double closureRate, Double onTimeRate) {

        public String closureRatePercent() {
            return percent(closureRate);
        }

        public String onTimeRatePercent() {
            return percent(onTimeRate);
        }
    }

    /** One lead department's 办结率 closure rate and 按期办结率 on-time rate. */
    public record DepartmentRates(String department, long registered, long closed, long open, Double closureRate,
                                  Double onTimeRate) {

        public String closureRatePercent() {
            return percent(closureRate);
        }

        public String onTimeRatePercent() {
            return percent(onTimeRate);
        }
    }

    /**
     * One decimal and a point, whatever the reader's or the server's locale; "—" for a rate with nothing to divide by
     * (no item closed yet has no on-time rate, which is not an on-time rate of 0).
     */
    static String percent(Double rate) {
        return rate == null ? "—" : String.format(Locale.ROOT, "%.1f%%", rate * 100);
    }

    /** One item as the public sees it; a closed item is blue, as the domain's colour policy has it. */
    public record Item(String title, String leadDepartment, TaskStatus status, Colour colour, LocalDate dueDate) {

        /** The title shown for a task converted from a complaint, which names nothing of the complaint. */
        static String fromComplaint(String taskId) {
            return neutral("群众诉求转办事项 Complaint-converted task", taskId);
        }

        /** The title shown for a task converted from an inspection's finding, which quotes nothing of the finding. */
        static String fromInspection(String taskId) {
            return neutral("督查发现整改事项 Inspection finding task", taskId);
        }

        private static String neutral(String label, String taskId) {
            return label + " #" + taskId.substring(0, Math.min(8, taskId.length()));
        }

        public String statusLabel() {
            return switch (status) {
                case REGISTERED -> "挂账 Registered";
                case CLAIMED -> "认领 Claimed";
                case IN_PROGRESS -> "推进 In progress";
                case CLOSURE_REQUESTED -> "申请销号 Closure requested";
                case CLOSED -> "销号 Closed";
                case WITHDRAWN -> "撤销 Withdrawn";
            };
        }

        public String colourLabel() {
            return switch (colour) {
                case RED -> "红 Red";
                case YELLOW -> "黄 Yellow";
                case BLUE -> "蓝 Blue";
            };
        }
    }

    /** One page of the items, {@code number} counted from 1. */
    public record Page(PublicLedger ledger, int number, int pages, List<Item> items) {

        public boolean hasPrevious() {
            return number > 1;
        }

        public boolean hasNext() {
            return number < pages;
        }
    }

    Page page(int number, int size) {
        int pages = Math.max(1, (items.size() + size - 1) / size);
        if (number < 1 || number > pages) {
            throw new InvalidValueException("page", "must be between 1 and " + pages);
        }
        int from = (number - 1) * size;
        return new Page(this, number, pages, items.subList(from, Math.min(items.size(), from + size)));
    }
}
