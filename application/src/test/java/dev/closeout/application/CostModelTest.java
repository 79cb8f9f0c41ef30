package dev.closeout.application;

import dev.closeout.application.support.CostModel;
import dev.closeout.application.support.IntegrationTest;
import dev.closeout.application.support.MongoCommandCounts.Costs;
import dev.closeout.application.support.TestMongo;
import dev.closeout.domain.common.Actor;
import dev.closeout.domain.complaint.ComplaintCommand;
import dev.closeout.domain.complaint.ComplaintId;
import dev.closeout.domain.task.TaskId;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

/**
 * The cost model (decision 0008) as a build check: every command of the task and complaint
 * lifecycles writes a few kilobytes, the same whether its ledger, department, month and due date
 * hold ten items or a hundred and fifty, and every query it and its projections make is an exact-key
 * lookup, which both MongoDB and the embedded server answer from an index. A read model that
 * rewrites a document growing with the data (a bucket of lines, a day's list of ids) fails here.
 */
class CostModelTest extends IntegrationTest {

    /**
     * Bytes a command may write, its projections included. What one command writes is its event
     * (about 0.6–1 KB), the item's view (up to about 2 KB: a task's view holds its latest progress and
     * pending requests), the item's ledger line, due-date entry and alert facts (a few hundred bytes
     * each) and, for an escalation, an alert: about 4 KB. Anything near a bucket of lines or a day's
     * list of ids (tens of kilobytes at county scale) is far above it.
     */
    private static final long BOUND = 6 * 1024;
    /** A slot number one digit longer in a key, an instant with one more digit of milliseconds. */
    private static final long SAME_WITHIN = 64;
    private static final int SMALL = 10;
    private static final int LARGE = 150;
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    @Autowired
    private ApplicationContext context;
    @Autowired
    private CommandGateway commands;
    @Autowired
    private Clock clock;

    @Test
    void every_command_writes_a_few_kilobytes_whatever_the_data_holds_and_reads_by_exact_keys_only() throws Exception {
        CostModel model = new CostModel(context);
        String ledger = uniqueLedger("成本台账");
        String department = "COST-" + TestMongo.newDatabaseName().substring(2, 10).toUpperCase();
        String other = department + "-B";
        LocalDate due = LocalDate.now(clock.withZone(ZONE)).plusDays(120);
        Instant received = clock.instant();

        long started = System.nanoTime();
        Map<String, Map<String, Costs>> tasks = new LinkedHashMap<>();
        Map<String, Map<String, Costs>> complaints = new LinkedHashMap<>();
        fill(SMALL - 1, i -> CostModel.registration(TaskId.generate(), ledger, department, due));
        fill(SMALL - 1, i -> receivedAndAssigned(department, due, received));
        tasks.put(SMALL + " items", model.taskLifecycle(ledger, department, due));
        complaints.put(SMALL + " items", model.complaintLifecycle(department, other, due, received));

        long smallMeasured = System.nanoTime();
        fill(LARGE - SMALL, i -> CostModel.registration(TaskId.generate(), ledger, department, due));
        fill(LARGE - SMALL, i -> receivedAndAssigned(department, due, received));
        long filled = System.nanoTime();
        tasks.put(LARGE + " items", model.taskLifecycle(ledger, department, due));
        complaints.put(LARGE + " items", model.complaintLifecycle(department, other, due, received));

        System.out.printf("Measured %d items in %.1f s, filled to %d in %.1f s, measured again in %.1f s%n", SMALL,
                (smallMeasured - started) / 1e9, LARGE, (filled - smallMeasured) / 1e9, (System.nanoTime() - filled) / 1e9);
        System.out.println("Cost model, tasks (one ledger, one department, one due date):\n" + CostModel.table(tasks)
                + CostModel.writes(tasks) + "Cost model, complaints (one month, one department, one due date):\n"
                + CostModel.table(complaints) + CostModel.writes(complaints));
        assertFlat(tasks);
        assertFlat(complaints);
    }

    private static void assertFlat(Map<String, Map<String, Costs>> bySize) {
        Map<String, Costs> small = bySize.get(SMALL + " items");
        Map<String, Costs> large = bySize.get(LARGE + " items");
        SoftAssertions softly = new SoftAssertions();
        small.forEach((command, few) -> {
            Costs many = large.get(command);
            softly.assertThat(few.bytesWritten()).as("%s at %d items writes %s", command, SMALL, few.writes())
                    .isLessThanOrEqualTo(BOUND);
            softly.assertThat(many.bytesWritten()).as("%s at %d items writes %s", command, LARGE, many.writes())
                    .isLessThanOrEqualTo(BOUND)
                    .isBetween(few.bytesWritten() - SAME_WITHIN, few.bytesWritten() + SAME_WITHIN);
            softly.assertThat(many.docsWritten()).as("%s: documents written at %d items (%s) and at %d (%s)", command,
                    LARGE, many.writes(), SMALL, few.writes()).isEqualTo(few.docsWritten());
            softly.assertThat(few.inexact()).as("%s: queries that are not exact-key lookups", command).isEmpty();
            softly.assertThat(many.inexact()).as("%s: queries that are not exact-key lookups", command).isEmpty();
        });
        softly.assertAll();
    }

    private ComplaintCommand receivedAndAssigned(String department, LocalDate due, Instant received) {
        ComplaintId id = ComplaintId.generate();
        commands.sendAndWait(CostModel.receipt(id, received));
        return new ComplaintCommand.AssignComplaint(id, department, due, Actor.supervisor("supervisor"));
    }

    /** Sends {@code count} commands from 8 threads, as a busy office would. */
    private void fill(int count, IntFunction<Object> command) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> sent = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int n = i;
                sent.add(pool.submit(() -> commands.sendAndWait(command.apply(n))));
            }
            for (Future<?> future : sent) {
                future.get();
            }
        } finally {
            pool.shutdown();
        }
    }
}
