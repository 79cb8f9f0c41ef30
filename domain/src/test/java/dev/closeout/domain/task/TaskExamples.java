package dev.closeout.domain.task;

import dev.closeout.domain.common.Actor;
import dev.closeout.domain.common.EscalationLadder;
import dev.closeout.domain.common.Role;
import dev.closeout.domain.task.TaskCommand.RegisterTask;
import dev.closeout.domain.task.TaskEvent.TaskClaimed;
import dev.closeout.domain.task.TaskEvent.TaskClosed;
import dev.closeout.domain.task.TaskEvent.TaskClosureRequested;
import dev.closeout.domain.task.TaskEvent.TaskEscalated;
import dev.closeout.domain.task.TaskEvent.TaskExtensionApproved;
import dev.closeout.domain.task.TaskEvent.TaskExtensionRequested;
import dev.closeout.domain.task.TaskEvent.TaskProgressReported;
import dev.closeout.domain.task.TaskEvent.TaskRegistered;
import dev.closeout.domain.task.TaskEvent.TaskReopened;
import dev.closeout.domain.task.TaskEvent.TaskWithdrawn;

import dev.closeout.domain.referral.ReferralLevel;
import dev.closeout.domain.referral.ReferralNotice;
import dev.closeout.domain.time.DeadlinePolicy;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

/**
 * One task on the 2023 三抓三促 ledger, led by the transport bureau with the finance bureau
 * supporting, and the steps of its history as events to put in a fixture's {@code given}.
 */
final class TaskExamples {

    static final TaskId TASK = new TaskId("road-g312-widening");
    static final String LEDGER = "2023 三抓三促 攻坚任务台账";
    static final LocalDate DUE = LocalDate.of(2023, 9, 30);

    static final Actor SUPERVISOR = Actor.supervisor("wang.dcb");
    static final Actor LEAD = Actor.department("li.jt", "TRANSPORT");
    static final Actor SUPPORTING = Actor.department("zhao.cz", "FINANCE");
    static final Actor OTHER_DEPARTMENT = Actor.department("chen.ws", "HEALTH");
    static final Actor AUDITOR = new Actor("sun.sj", Role.AUDITOR, null);
    static final Actor ALERT_CONSUMER = new Actor("sms-gateway", Role.ALERT_CONSUMER, null);
    static final Actor ENGINE = Actor.SYSTEM;
    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    static final DeadlinePolicy POLICY = DeadlinePolicy.standard(ZONE);
    /** The office's clock for acts that record their day (a report-back): 1 July 2023, 10:00 in Beijing. */
    static final Clock CLOCK = Clock.fixed(Instant.parse("2023-07-01T02:00:00Z"), ZONE);
    /** The province's referral: report back by 31 July 2023. */
    static final ReferralNotice REFERRAL = new ReferralNotice(ReferralLevel.PROVINCE, "省委督查室", "甘督字〔2023〕12号",
            LocalDate.of(2023, 7, 31));

    private TaskExamples() {
    }

    /** A fixture for tasks whose deadline checks run: the default ladder and policy, in the office's zone. */
    static FixtureConfiguration<Task> fixtureWithDeadlines() {
        FixtureConfiguration<Task> fixture = new AggregateTestFixture<>(Task.class);
        fixture.registerInjectableResource(EscalationLadder.DEFAULT);
        fixture.registerInjectableResource(POLICY);
        return fixture;
    }

    static RegisterTask register(Actor actor, LocalDate dueDate) {
        return new RegisterTask(TASK, LEDGER, "G312 线拓宽改造", "Widen 12 km of the G312 through the county",
                "TRANSPORT", List.of("FINANCE"), "副县长 刘某", TaskSource.PROVINCIAL_SUPERVISION, dueDate, actor,
                null);
    }

    static TaskRegistered registered() {
        return registered(DUE);
    }

    static TaskRegistered registered(LocalDate dueDate) {
        RegisterTask command = register(SUPERVISOR, dueDate);
        return new TaskRegistered(TASK, command.ledger(), command.title(), command.description(),
                command.leadDepartment(), command.supportingDepartments(), command.responsibleLeader(),
                command.source(), command.dueDate(), SUPERVISOR, null);
    }

    /** The task as registered with the province's referral. */
    static TaskRegistered registeredReferred() {
        TaskRegistered plain = registered();
        return new TaskRegistered(TASK, plain.ledger(), plain.title(), plain.description(), plain.leadDepartment(),
                plain.supportingDepartments(), plain.responsibleLeader(), plain.source(), plain.dueDate(), SUPERVISOR,
                null, null, null, List.of(), REFERRAL);
    }

    static TaskClaimed claimed() {
        return new TaskClaimed(TASK, LEAD);
    }

    static TaskProgressReported progressReported(int percentComplete) {
        return new TaskProgressReported(TASK, "Survey done", percentComplete, LEAD);
    }

    static TaskExtensionRequested extensionRequested(LocalDate newDueDate) {
        return new TaskExtensionRequested(TASK, newDueDate, "Land acquisition delayed", LEAD);
    }

    static TaskExtensionApproved extensionApproved(LocalDate previousDueDate, LocalDate newDueDate) {
        return new TaskExtensionApproved(TASK, previousDueDate, newDueDate, SUPERVISOR);
    }

    static TaskClosureRequested closureRequested() {
        return new TaskClosureRequested(TASK, "Acceptance report 2023-09-20", LEAD);
    }

    static TaskClosed closed() {
        return new TaskClosed(TASK, SUPERVISOR);
    }

    static TaskReopened reopened() {
        return new TaskReopened(TASK, "Field check found the shoulder unfinished", SUPERVISOR);
    }

    static TaskWithdrawn withdrawn() {
        return new TaskWithdrawn(TASK, "Registered twice", SUPERVISOR);
    }

    static TaskEscalated escalated(String level, String label) {
        return new TaskEscalated(TASK, level, label, "No report for three weeks", SUPERVISOR);
    }
}
