package dev.closeout.domain.complaint;

import dev.closeout.domain.common.EscalationLadder;
import dev.closeout.domain.common.InvalidValueException;
import dev.closeout.domain.complaint.ComplaintCommand.CheckComplaintDeadline;
import dev.closeout.domain.complaint.ComplaintCommand.ReceiveComplaint;
import dev.closeout.domain.complaint.ComplaintCommand.ReportBackComplaintReferral;
import dev.closeout.domain.complaint.ComplaintEvent.ComplaintReferralReportBackOverdue;
import dev.closeout.domain.complaint.ComplaintEvent.ComplaintReferralReportedBack;
import dev.closeout.domain.referral.ReferralLevel;
import dev.closeout.domain.referral.ReferralNotice;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;

import static dev.closeout.domain.common.CommandRefusedException.Reason.PERMISSION;
import static dev.closeout.domain.common.Refusal.expectRefused;
import static dev.closeout.domain.complaint.ComplaintExamples.COMPLAINT;
import static dev.closeout.domain.complaint.ComplaintExamples.ENGINE;
import static dev.closeout.domain.complaint.ComplaintExamples.HOUSING;
import static dev.closeout.domain.complaint.ComplaintExamples.POLICY;
import static dev.closeout.domain.complaint.ComplaintExamples.REFERRAL;
import static dev.closeout.domain.complaint.ComplaintExamples.SUPERVISOR;
import static dev.closeout.domain.complaint.ComplaintExamples.WATER;
import static dev.closeout.domain.complaint.ComplaintExamples.accepted;
import static dev.closeout.domain.complaint.ComplaintExamples.assigned;
import static dev.closeout.domain.complaint.ComplaintExamples.closed;
import static dev.closeout.domain.complaint.ComplaintExamples.receivedReferred;
import static dev.closeout.domain.complaint.ComplaintExamples.replied;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A petition referred by the province (省上转办) and its report-back (反馈): by the department handling
 * it, once, on time or late by the office's day; recorded overdue once when the date passes, replied to
 * or closed as it may be.
 */
// Axon's fixture stamps events by a clock it swaps in a static field: fixture classes take turns
@ResourceLock("axon-event-clock")
class ComplaintReferralTest {

    private static final LocalDate DUE = REFERRAL.reportBackDue();
    private static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");

    private static FixtureConfiguration<Complaint> on(LocalDate day) {
        FixtureConfiguration<Complaint> fixture = new AggregateTestFixture<>(Complaint.class);
        fixture.registerInjectableResource(EscalationLadder.DEFAULT);
        fixture.registerInjectableResource(POLICY);
        fixture.registerInjectableResource(Clock.fixed(ZonedDateTime.of(day.atTime(9, 0), BEIJING).toInstant(), BEIJING));
        return fixture;
    }

    @Test
    void the_department_reports_back_a_closed_complaint_late() {
        on(DUE.plusDays(3)).given(receivedReferred(), assigned(), accepted(), replied(), closed())
                .when(new ReportBackComplaintReferral(COMPLAINT, "已维修屋顶，群众满意", HOUSING))
                .expectEvents(new ComplaintReferralReportedBack(COMPLAINT, "已维修屋顶，群众满意", DUE, DUE.plusDays(3),
                        false, HOUSING));
    }

    @Test
    void another_department_may_not_report_back() {
        expectRefused(on(DUE).given(receivedReferred(), assigned(), accepted())
                .when(new ReportBackComplaintReferral(COMPLAINT, "反馈", WATER)), PERMISSION, "assigned department");
    }

    @Test
    void the_check_records_the_report_back_overdue_once_even_when_closed() {
        on(DUE).given(receivedReferred(), assigned(), accepted(), replied(), closed())
                .when(new CheckComplaintDeadline(COMPLAINT, DUE.plusDays(1), ENGINE))
                .expectEvents(new ComplaintReferralReportBackOverdue(COMPLAINT, DUE, ENGINE));
        on(DUE).given(receivedReferred(), assigned(), accepted(), replied(), closed(),
                        new ComplaintReferralReportBackOverdue(COMPLAINT, DUE, ENGINE))
                .when(new CheckComplaintDeadline(COMPLAINT, DUE.plusDays(2), ENGINE))
                .expectNoEvents();
    }

    @Test
    void the_referral_gives_the_complaint_its_referring_level_and_may_not_contradict_it() {
        ReceiveComplaint plain = ComplaintExamples.receive(SUPERVISOR, null);
        ReceiveComplaint fromCity = new ReceiveComplaint(COMPLAINT, plain.channel(), null, plain.subject(),
                plain.content(), null, null, null, SUPERVISOR, new ReferralNotice(ReferralLevel.CITY, "市信访局",
                "张信转〔2023〕5号", DUE));
        assertThat(fromCity.referredBy()).isEqualTo(Referral.CITY);
        assertThatThrownBy(() -> new ReceiveComplaint(COMPLAINT, plain.channel(), Referral.COUNTY, plain.subject(),
                plain.content(), null, null, null, SUPERVISOR, REFERRAL))
                .isInstanceOfSatisfying(InvalidValueException.class,
                        e -> assertThat(e.field()).isEqualTo("referral.level"));
    }
}
