package dev.closeout.application.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import dev.closeout.application.support.ApiClient;
import dev.closeout.application.support.DeliveryAudit;
import dev.closeout.application.support.IntegrationTest;
import dev.closeout.domain.task.TaskEvent;
import dev.closeout.domain.task.TaskStatus;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many users at once: 8 threads send 200 lifecycle commands over 40 tasks of one ledger, five
 * commands a task, so that the same tasks and ledger buckets are written by several threads at once.
 * Afterwards the ledger must equal a recount made from the event store, and the event store
 * must have handed every event to a tracking processor exactly once.
 */
class ConcurrentCommandsTest extends IntegrationTest {

    private static final int TASKS = 40;
    private static final int COMMANDS = 200;
    private static final int THREADS = 8;

    @Autowired
    EventStore eventStore;
    @Autowired
    DeliveryAudit.Deliveries deliveries;

    @Test
    void the_ledger_equals_a_recount_from_the_event_store_after_concurrent_commands() throws Exception {
        String ledger = uniqueLedger("并发台账");
        LocalDate today = today();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        List<String> ids = Collections.synchronizedList(new ArrayList<>());
        Map<String, ApiClient> leads = new java.util.concurrent.ConcurrentHashMap<>();
        List<Future<?>> registrations = new ArrayList<>();
        for (int i = 0; i < TASKS; i++) {
            String lead = i % 2 == 0 ? "DEPT-A" : "DEPT-B";
            LocalDate due = today.plusDays(i % 7 - 3);
            registrations.add(pool.submit(() -> {
                ApiClient.Response r = supervisor.post("/api/tasks", Map.of("ledger", ledger, "title", "t",
                        "leadDepartment", lead, "dueDate", due.toString()));
                assertThat(r.status()).as(r.toString()).isEqualTo(201);
                String id = r.json().get("taskId").asText();
                leads.put(id, lead.equals("DEPT-A") ? deptA : deptB);
                ids.add(id);
            }));
        }
        for (Future<?> f : registrations) {
            f.get();
        }

        AtomicInteger accepted = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        List<Future<?>> work = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int seed = t;
            work.add(pool.submit(() -> {
                Random random = new Random(seed);
                for (int attempt = 0; accepted.get() < COMMANDS && attempt < COMMANDS; attempt++) {
                    String id = ids.get(random.nextInt(ids.size()));
                    ApiClient lead = random.nextInt(10) == 0 ? other(leads.get(id)) : leads.get(id);
                    int status = randomCommand(random, id, lead).status();
                    assertThat(status).isIn(200, 202, 403, 409);
                    (status < 300 ? accepted : refused).incrementAndGet();
                }
            }));
        }
        for (Future<?> f : work) {
            f.get();
        }
        pool.shutdown();
        assertThat(accepted.get()).isGreaterThanOrEqualTo(COMMANDS);

        Map<String, long[]> expected = recount(ids, today);
        String path = ledgerPath(ledger);
        Map<String, long[]> actual = null;
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            actual = figures(auditor.get(path).json());
            if (equal(expected, actual)) {
                break;
            }
            Thread.sleep(100);
        }
        assertThat(format(actual)).isEqualTo(format(expected));

        List<String> eventIds = new ArrayList<>();
        for (String id : ids) {
            eventStore.readEvents(id, 0).asStream().forEach(e -> eventIds.add(e.getIdentifier()));
        }
        deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline
                && eventIds.stream().anyMatch(e -> deliveries.timesDelivered(e) == 0)) {
            Thread.sleep(100);
        }
        assertThat(eventIds).hasSize(TASKS + accepted.get());
        assertThat(eventIds).allSatisfy(e -> assertThat(deliveries.timesDelivered(e)).isEqualTo(1));
        assertThat(deliveries.deliveredMoreThanOnce()).isZero();

        withdrawWhatIsStillOpen(ids);
    }

    /**
     * The context is shared, and hundreds of these tasks are overdue: withdrawn, they leave the
     * due-date index, so the next deadline test's sweep does not have to check them all first.
     */
    private void withdrawWhatIsStillOpen(List<String> ids) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> withdrawals = new ArrayList<>();
            for (String id : ids) {
                // a closed or withdrawn task refuses, which is all right here
                withdrawals.add(pool.submit(() -> supervisor.post("/api/tasks/" + id + "/withdraw",
                        Map.of("reason", "test data"))));
            }
            for (Future<?> withdrawal : withdrawals) {
                withdrawal.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    /** A step of the lifecycle, sometimes one the task's state refuses; refusals must change nothing. */
    private ApiClient.Response randomCommand(Random random, String id, ApiClient lead) {
        String path = "/api/tasks/" + id;
        return switch (random.nextInt(10)) {
            case 0, 1 -> lead.post(path + "/claim");
            case 2, 3 -> lead.post(path + "/progress", Map.of("note", "n", "percentComplete", random.nextInt(101)));
            case 4 -> lead.post(path + "/closure-request", Map.of("evidence", "e"));
            case 5 -> supervisor.post(path + "/close");
            case 6 -> supervisor.post(path + "/return", Map.of("reason", "r"));
            case 7 -> supervisor.post(path + "/reopen", Map.of("reason", "r"));
            case 8 -> random.nextInt(5) == 0 ? supervisor.post(path + "/withdraw", Map.of("reason", "r"))
                    : supervisor.post(path + "/escalate", Map.of("level", "REMINDER", "reason", "r"));
            default -> supervisor.post(path + "/escalate", Map.of("level", "催办", "reason", "r"));
        };
    }

    private ApiClient other(ApiClient lead) {
        return lead == deptA ? deptB : deptA;
    }

    /** registered, withdrawn, closed, open, overdue per department, from the events themselves. */
    private Map<String, long[]> recount(List<String> ids, LocalDate today) {
        Map<String, long[]> byDepartment = new TreeMap<>();
        for (String id : ids) {
            DomainEventStream stream = eventStore.readEvents(id, 0);
            String department = null;
            TaskStatus status = null;
            LocalDate due = null;
            while (stream.hasNext()) {
                DomainEventMessage<?> message = stream.next();
                Object event = message.getPayload();
                if (event instanceof TaskEvent.TaskRegistered r) {
                    department = r.leadDepartment();
                    due = r.dueDate();
                    status = TaskStatus.REGISTERED;
                } else if (event instanceof TaskEvent.TaskClaimed) {
                    status = TaskStatus.CLAIMED;
                } else if (event instanceof TaskEvent.TaskProgressReported || event instanceof TaskEvent.TaskReturned
                        || event instanceof TaskEvent.TaskReopened) {
                    status = TaskStatus.IN_PROGRESS;
                } else if (event instanceof TaskEvent.TaskClosureRequested) {
                    status = TaskStatus.CLOSURE_REQUESTED;
                } else if (event instanceof TaskEvent.TaskClosed) {
                    status = TaskStatus.CLOSED;
                } else if (event instanceof TaskEvent.TaskWithdrawn) {
                    status = TaskStatus.WITHDRAWN;
                }
            }
            long[] row = byDepartment.computeIfAbsent(department, d -> new long[5]);
            row[0]++;
            if (status == TaskStatus.WITHDRAWN) {
                row[1]++;
            } else if (status == TaskStatus.CLOSED) {
                row[2]++;
            } else {
                row[3]++;
                if (today.isAfter(due)) {
                    row[4]++;
                }
            }
        }
        return byDepartment;
    }

    private static Map<String, long[]> figures(JsonNode summary) {
        Map<String, long[]> byDepartment = new TreeMap<>();
        if (summary.has("departments")) {
            summary.get("departments").forEach(d -> byDepartment.put(d.get("department").asText(), new long[]{
                    d.get("registered").asLong(), d.get("withdrawn").asLong(), d.get("closed").asLong(),
                    d.get("open").asLong(), d.get("overdue").asLong()}));
        }
        return byDepartment;
    }

    private static boolean equal(Map<String, long[]> a, Map<String, long[]> b) {
        return format(a).equals(format(b));
    }

    private static String format(Map<String, long[]> figures) {
        StringBuilder out = new StringBuilder();
        if (figures != null) {
            figures.forEach((d, row) -> out.append(d).append(java.util.Arrays.toString(row)).append('\n'));
        }
        return out.toString();
    }
}
