package dev.closeout.projections.deadline;

import dev.closeout.domain.common.EscalationLadder;
import dev.closeout.domain.time.DeadlinePolicy;
import dev.closeout.projections.deadline.WatchedItem.Stage;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;
import java.time.ZoneId;

import static org.assertj.core.api.Assertions.assertThat;

/** Due Tuesday 10 June 2025 (a plain week): due soon from Thursday 5 June, 督办 on 17 June. */
class NextCheckTest {

    private static final DeadlinePolicy POLICY = DeadlinePolicy.standard(ZoneId.of("Asia/Shanghai"));
    private static final LocalDate DUE = LocalDate.of(2025, 6, 10);

    private static LocalDate next(WatchedItem item) {
        return NextCheck.of(item, POLICY, EscalationLadder.DEFAULT).orElse(null);
    }

    private static WatchedItem task() {
        return WatchedItem.task("t", "台账", DUE, 0, List.of(), null);
    }

    @Test
    void a_new_task_is_next_checked_on_the_first_day_it_is_due_soon() {
        assertThat(next(task())).isEqualTo(LocalDate.of(2025, 6, 5));
    }

    @Test
    void the_due_soon_day_counts_working_days_so_a_weekend_before_it_moves_it_back() {
        WatchedItem dueMonday = WatchedItem.task("t", "台账", LocalDate.of(2025, 6, 16), 0, List.of(), null);
        assertThat(next(dueMonday)).isEqualTo(LocalDate.of(2025, 6, 11));
    }

    @Test
    void a_task_warned_is_next_checked_the_day_after_its_due_date() {
        assertThat(next(task().fellDueSoon(DUE))).isEqualTo(LocalDate.of(2025, 6, 11));
    }

    @Test
    void a_task_overdue_at_a_reminder_is_next_checked_when_the_schedule_asks_for_a_notice() {
        assertThat(next(task().wentOverdue(DUE).escalatedTo("REMINDER"))).isEqualTo(LocalDate.of(2025, 6, 17));
    }

    @Test
    void a_task_at_the_top_of_the_ladder_leaves_the_index() {
        assertThat(next(task().wentOverdue(DUE).escalatedTo("TOP_DISPATCH"))).isNull();
    }

    @Test
    void an_extended_task_is_armed_again_for_its_new_due_date() {
        LocalDate extended = LocalDate.of(2025, 7, 10);
        assertThat(next(task().wentOverdue(DUE).escalatedTo("REMINDER").dueOn(extended)))
                .isEqualTo(LocalDate.of(2025, 7, 7));
    }

    @Test
    void a_closed_or_withdrawn_task_leaves_the_index() {
        assertThat(next(task().inStage(Stage.DONE))).isNull();
    }

    @Test
    void a_complaint_awaiting_acceptance_is_next_checked_after_its_acceptance_limit() {
        WatchedItem assigned = WatchedItem.complaint("c", 0, null).handedOver(DUE, LocalDate.of(2025, 6, 3));
        assertThat(next(assigned)).isEqualTo(LocalDate.of(2025, 6, 4));
    }

    @Test
    void an_accepted_complaint_is_next_checked_the_day_after_its_due_date_without_a_due_soon_check() {
        WatchedItem accepted = WatchedItem.complaint("c", 0, null).handedOver(DUE, LocalDate.of(2025, 6, 3))
                .inStage(Stage.IN_HAND);
        assertThat(next(accepted)).isEqualTo(LocalDate.of(2025, 6, 11));
    }

    @Test
    void a_complaint_not_yet_assigned_or_already_replied_is_not_in_the_index() {
        assertThat(next(WatchedItem.complaint("c", 0, null))).isNull();
        assertThat(next(WatchedItem.complaint("c", 0, null).handedOver(DUE, DUE).inStage(Stage.DONE))).isNull();
    }

    @Test
    void a_complaint_whose_transfer_request_waits_on_a_supervisor_is_not_checked_but_for_its_referral() {
        WatchedItem assigned = WatchedItem.complaint("c", 0, null).handedOver(DUE, LocalDate.of(2025, 6, 3));
        assertThat(next(assigned.transferRequested())).isNull();
        assertThat(next(assigned.inStage(Stage.IN_HAND).transferRequested())).isNull();
        LocalDate reportBack = LocalDate.of(2025, 6, 20);
        assertThat(next(WatchedItem.complaint("c", 0, reportBack).handedOver(DUE, LocalDate.of(2025, 6, 3))
                .transferRequested())).isEqualTo(LocalDate.of(2025, 6, 21));
    }

    @Test
    void a_rejected_transfer_request_gives_a_complaint_not_accepted_its_acceptance_limit_afresh() {
        WatchedItem assigned = WatchedItem.complaint("c", 0, null).handedOver(DUE, LocalDate.of(2025, 6, 3));
        assertThat(next(assigned.transferRequested().transferRejected(LocalDate.of(2025, 6, 6))))
                .isEqualTo(LocalDate.of(2025, 6, 7));
        assertThat(next(assigned.notAccepted().transferRequested().transferRejected(LocalDate.of(2025, 6, 6))))
                .isEqualTo(LocalDate.of(2025, 6, 11));
        assertThat(next(assigned.inStage(Stage.IN_HAND).transferRequested().transferRejected(LocalDate.of(2025, 6, 6))))
                .isEqualTo(LocalDate.of(2025, 6, 11));
    }

    @Test
    void a_referral_awaited_is_next_checked_the_day_after_its_report_back_date_closed_or_not_assigned() {
        LocalDate reportBack = LocalDate.of(2025, 6, 3);
        assertThat(next(WatchedItem.task("t", "台账", DUE, 0, List.of(), reportBack))).isEqualTo(LocalDate.of(2025, 6, 4));
        assertThat(next(task().inStage(Stage.DONE).reportBackChased(reportBack))).isEqualTo(LocalDate.of(2025, 6, 4));
        assertThat(next(WatchedItem.complaint("c", 0, reportBack))).isEqualTo(LocalDate.of(2025, 6, 4));
        assertThat(next(task().inStage(Stage.DONE).reportBackChased(reportBack).reportBackChased(null))).isNull();
    }
}
