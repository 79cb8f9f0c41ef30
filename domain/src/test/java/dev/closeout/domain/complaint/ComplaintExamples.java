package dev.closeout.domain.complaint;

import dev.closeout.domain.common.Actor;
import dev.closeout.domain.common.Role;
import dev.closeout.domain.complaint.ComplaintCommand.ReceiveComplaint;
import dev.closeout.domain.complaint.ComplaintEvent.ComplaintAccepted;
import dev.closeout.domain.complaint.ComplaintEvent.ComplaintAssigned;
import dev.closeout.domain.complaint.ComplaintEvent.ComplaintClosed;
import dev.closeout.domain.complaint.ComplaintEvent.ComplaintConvertedToTask;
import dev.closeout.domain.complaint.ComplaintEvent.ComplaintEscalated;
import dev.closeout.domain.complaint.ComplaintEvent.ComplaintReceived;
import dev.closeout.domain.complaint.ComplaintEvent.ComplaintReopened;
import dev.closeout.domain.complaint.ComplaintEvent.ComplaintReplied;
import dev.closeout.domain.complaint.ComplaintEvent.ComplaintSatisfactionRecorded;
import dev.closeout.domain.complaint.ComplaintEvent.ComplaintTransferRequested;
import dev.closeout.domain.complaint.ComplaintEvent.ComplaintTransferred;
import dev.closeout.domain.referral.ReferralLevel;
import dev.closeout.domain.referral.ReferralNotice;
import dev.closeout.domain.task.TaskId;
import dev.closeout.domain.time.DeadlinePolicy;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * One petition referred down by the province about a leaking roof in a resettlement block,
 * assigned to the housing bureau, and the steps of its history as events to put in a
 * fixture's {@code given}. The office's clock stands still a day after the petition arrived.
 */
final class ComplaintExamples {

    static final ComplaintId COMPLAINT = new ComplaintId("xf-2023-0412");
    static final Instant RECEIVED_AT = Instant.parse("2023-06-01T01:30:00Z");
    static final Instant NOW = Instant.parse("2023-06-02T02:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final LocalDate DUE = LocalDate.of(2023, 6, 30);
    static final String SUBJECT = "安置小区屋顶漏水";
    static final Complainant COMPLAINANT = new Complainant("张三", "13812345678");

    static final Actor SUPERVISOR = Actor.supervisor("wang.dcb");
    static final Actor HOUSING = Actor.department("li.zj", "HOUSING");
    static final Actor WATER = Actor.department("chen.sw", "WATER");
    static final Actor OTHER_DEPARTMENT = Actor.department("zhao.ws", "HEALTH");
    static final Actor AUDITOR = new Actor("sun.sj", Role.AUDITOR, null);
    static final Actor ALERT_CONSUMER = new Actor("sms-gateway", Role.ALERT_CONSUMER, null);
    static final Actor ENGINE = Actor.SYSTEM;
    static final DeadlinePolicy POLICY = DeadlinePolicy.standard(ZoneId.of("Asia/Shanghai"));
    /** The province's referral of the petition: report back by 20 June 2023. */
    static final ReferralNotice REFERRAL = new ReferralNotice(ReferralLevel.PROVINCE, "省信访局", "甘信转〔2023〕88号",
            LocalDate.of(2023, 6, 20));

    private ComplaintExamples() {
    }

    static ReceiveComplaint receive(Actor actor, Instant receivedAt) {
        return new ReceiveComplaint(COMPLAINT, ComplaintChannel.PETITION, Referral.PROVINCE, SUBJECT,
                "Water comes through the ceiling of building 3 whenever it rains", COMPLAINANT, "住房保障",
                receivedAt, actor);
    }

    static ComplaintReceived received() {
        return received(RECEIVED_AT);
    }

    static ComplaintReceived received(Instant receivedAt) {
        ReceiveComplaint command = receive(SUPERVISOR, receivedAt);
        return new ComplaintReceived(COMPLAINT, command.channel(), command.referredBy(), command.subject(),
                command.content(), command.complainant(), command.category(), receivedAt, SUPERVISOR);
    }

    /** The petition as received with the province's referral. */
    static ComplaintReceived receivedReferred() {
        ComplaintReceived plain = received();
        return new ComplaintReceived(COMPLAINT, plain.channel(), plain.referredBy(), plain.subject(), plain.content(),
                plain.complainant(), plain.category(), plain.receivedAt(), SUPERVISOR, REFERRAL);
    }

    static ComplaintAssigned assigned() {
        return new ComplaintAssigned(COMPLAINT, "HOUSING", DUE, SUPERVISOR);
    }

    static ComplaintAccepted accepted() {
        return new ComplaintAccepted(COMPLAINT, HOUSING);
    }

    static ComplaintTransferRequested transferRequested() {
        return new ComplaintTransferRequested(COMPLAINT, "The leak comes from the water main", HOUSING);
    }

    static ComplaintTransferred transferredToWater() {
        return new ComplaintTransferred(COMPLAINT, "HOUSING", "WATER", DUE, "Water main", false, SUPERVISOR);
    }

    static ComplaintReplied replied() {
        return new ComplaintReplied(COMPLAINT, "Roof resealed on 15 June", HOUSING);
    }

    static ComplaintSatisfactionRecorded rated(Satisfaction rating) {
        return new ComplaintSatisfactionRecorded(COMPLAINT, rating, null, SUPERVISOR);
    }

    static ComplaintClosed closed() {
        return new ComplaintClosed(COMPLAINT, SUPERVISOR);
    }

    static ComplaintReopened reopened() {
        return new ComplaintReopened(COMPLAINT, "Still leaking after the first storm", DUE, SUPERVISOR);
    }

    static ComplaintEscalated escalated(String level, String label) {
        return new ComplaintEscalated(COMPLAINT, level, label, "No answer within the time limit", SUPERVISOR);
    }

    static ComplaintConvertedToTask convertedTo(TaskId taskId) {
        return new ComplaintConvertedToTask(COMPLAINT, taskId, "2023 三抓三促 攻坚任务台账", SUBJECT, "HOUSING",
                DUE.plusMonths(3), SUPERVISOR);
    }
}
