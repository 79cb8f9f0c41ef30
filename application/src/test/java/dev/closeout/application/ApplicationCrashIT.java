package dev.closeout.application;

import com.fasterxml.jackson.databind.JsonNode;
import dev.closeout.application.infrastructure.mongo.EmbeddedMongoServer;
import dev.closeout.application.infrastructure.mongo.ProcessSockets;
import dev.closeout.application.support.ApiClient;
import dev.closeout.domain.common.Limits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * "No acknowledged command is lost", for the whole application on its embedded default: the real
 * application runs in a JVM of its own, several clients send commands over HTTP, and the JVM is
 * killed with SIGKILL (no shutdown hook, no final commit) the moment the last command is
 * acknowledged. Started again on the same data directory, the application must still hold every
 * acknowledged command in its event store, and its ledger must count exactly the acknowledged
 * registrations. Before the commands, the first JVM shows that it listens on its HTTP port only.
 * <p>
 * It runs the packaged jar ({@code closeout.jar}, hence a failsafe test in {@code verify}), not
 * the test classpath: test libraries on the classpath can change how the application wires
 * itself (Axon's test jar resolves any handler parameter), and the jar is what offices run.
 */
class ApplicationCrashIT {

    private static final String LEDGER = "崩溃测试台账";
    private static final int COMMANDS = 150;
    private static final int CLIENTS = 3;
    private static final Duration CATCH_UP_TIMEOUT = Duration.ofSeconds(30);
    /** 128 + 9: the exit status of a JVM ended by SIGKILL. */
    private static final int KILLED_BY_SIGKILL = 137;

    @TempDir
    Path root;

    /** What the application acknowledged before it was killed: task id → lead department, and claimed tasks. */
    private record Acknowledged(Map<String, String> registrations, Set<String> claims) {
    }

    @Test
    void every_acknowledged_command_survives_a_kill_minus_9_of_the_application() throws Exception {
        Path dataDir = root.resolve("data");
        List<ForkedApplication> started = new ArrayList<>();
        boolean passed = false;
        try {
            ForkedApplication first = start(started, dataDir, "first");
            assertItListensOnItsHttpPortOnly(first);
            Acknowledged acknowledged = sendCommandsAndKillAfterTheLast(first);
            assertThat(first.awaitExit()).as("exit status of the killed JVM").isEqualTo(KILLED_BY_SIGKILL);
            // proves the commands went to the embedded store and not to some inherited MongoDB URI
            assertThat(dataDir.resolve(EmbeddedMongoServer.FILE_NAME)).isRegularFile();

            ForkedApplication second = start(started, dataDir, "second");
            assertTheEventStoreHoldsEvery(acknowledged, second);
            assertTheLedgerCountsEvery(acknowledged, second);
            assertItsCommandsBackUpTheRunningStoreAndRestoreIt(dataDir, acknowledged);
            passed = true;
        } finally {
            started.forEach(ForkedApplication::stop);
            if (!passed) {
                started.forEach(ForkedApplication::printLog);
            }
        }
    }

    /**
     * The embedded store has no authentication: a port of its own, even on 127.0.0.1, would let any
     * local process read complainants' names and phones and write documents past every role check.
     * So the application on its embedded default, its store open and in use, listens on its HTTP
     * port and nothing else, as the kernel sees it (read from /proc, hence Linux only).
     */
    private static void assertItListensOnItsHttpPortOnly(ForkedApplication app) throws Exception {
        if (OS.current() == OS.LINUX) {
            assertThat(ProcessSockets.listeningPorts(app.pid())).as("listening ports").containsExactly(app.port());
        }
    }

    /**
     * The packaged jar's {@code backup} reaches the running application through its backup socket (the
     * store's file is the application's), and its {@code restore} loads the file into a fresh directory,
     * at least an event per acknowledged command (BackupAndRestoreTest compares ledgers and histories
     * event by event).
     */
    private void assertItsCommandsBackUpTheRunningStoreAndRestoreIt(Path dataDir, Acknowledged acknowledged)
            throws Exception {
        Path file = root.resolve("closeout-backup.gz");
        ForkedApplication.Command backup = ForkedApplication.command(root, dataDir, "backup", file.toString());
        assertThat(backup.status()).as(backup.output()).isZero();
        assertThat(backup.output()).contains("Backup of the running application");
        ForkedApplication.Command restore = ForkedApplication.command(root, root.resolve("restored"), "restore",
                file.toString());
        assertThat(restore.status()).as(restore.output()).isZero();
        assertThat(restore.output()).containsPattern("Restored \\d+ documents \\(\\d+ events\\)");
        long events = Long.parseLong(
                restore.output().replaceAll("(?s).*Restored \\d+ documents \\((\\d+) events\\).*", "$1"));
        assertThat(events).as("events restored").isGreaterThanOrEqualTo(
                acknowledged.registrations().size() + acknowledged.claims().size());
    }

    /** Listed before it is awaited, so that it is stopped even when it never answers. */
    private ForkedApplication start(List<ForkedApplication> started, Path dataDir, String name) throws Exception {
        ForkedApplication app = ForkedApplication.launch(root, dataDir, name);
        started.add(app);
        app.awaitAnswer();
        return app;
    }

    /**
     * Exactly {@link #COMMANDS} commands are sent, each client taking the next one while any is
     * left, and each must be acknowledged. The client that receives the last acknowledgement
     * kills the JVM at once: no command is then in flight, so every command the store may hold
     * was acknowledged and the expected figures are exact, while the writes nobody waits for
     * (read models, tracking tokens) have mostly not reached the file yet.
     */
    private static Acknowledged sendCommandsAndKillAfterTheLast(ForkedApplication app) throws Exception {
        ApiClient supervisor = new ApiClient(app.port(), "supervisor", "supervisor");
        Map<String, ApiClient> leads = Map.of(
                "DEPT-A", new ApiClient(app.port(), "dept-a", "dept-a"),
                "DEPT-B", new ApiClient(app.port(), "dept-b", "dept-b"));
        // the forked jar runs on the system's clock: a month ahead, but never past the calendar's last day
        LocalDate monthAhead = LocalDate.now(ZoneId.of("Asia/Shanghai")).plusDays(30);
        String dueDate = (monthAhead.isAfter(Limits.LATEST_DATE) ? Limits.LATEST_DATE : monthAhead).toString();
        Acknowledged acknowledged = new Acknowledged(new ConcurrentHashMap<>(), ConcurrentHashMap.newKeySet());
        AtomicInteger unsent = new AtomicInteger(COMMANDS);
        AtomicInteger acks = new AtomicInteger();
        AtomicInteger tasks = new AtomicInteger();
        Runnable acknowledge = () -> {
            if (acks.incrementAndGet() == COMMANDS) {
                app.kill();
            }
        };
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                work.add(clients.submit(() -> {
                    while (unsent.getAndDecrement() > 0) {
                        int number = tasks.getAndIncrement();
                        // uneven departments, so a count moved to the wrong department shows
                        String lead = number % 3 == 0 ? "DEPT-B" : "DEPT-A";
                        ApiClient.Response created = supervisor.post("/api/tasks", Map.of("ledger", LEDGER,
                                "title", "崩溃测试任务 " + number, "leadDepartment", lead, "dueDate", dueDate));
                        assertThat(created.status()).as(created.toString()).isEqualTo(201);
                        String id = created.json().get("taskId").asText();
                        acknowledged.registrations().put(id, lead);
                        acknowledge.run();
                        if (number % 2 == 0 && unsent.getAndDecrement() > 0) {
                            ApiClient.Response claimed = leads.get(lead).post("/api/tasks/" + id + "/claim");
                            // 202: stored, but the task view had not caught up within the wait
                            assertThat(claimed.status()).as(claimed.toString()).isIn(200, 202);
                            acknowledged.claims().add(id);
                            acknowledge.run();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> client : work) {
                client.get();
            }
        } finally {
            clients.shutdownNow();
        }
        assertThat(acknowledged.registrations().size() + acknowledged.claims().size()).isEqualTo(COMMANDS);
        System.out.printf("Killed the application right after acknowledging %d registrations and %d claims%n",
                acknowledged.registrations().size(), acknowledged.claims().size());
        return acknowledged;
    }

    /**
     * The events are the truth: every acknowledged command must be there, and nothing else. All
     * losses are collected first, so that a failure tells how many commands were lost.
     */
    private static void assertTheEventStoreHoldsEvery(Acknowledged acknowledged, ForkedApplication app) {
        ApiClient auditor = new ApiClient(app.port(), "auditor", "auditor");
        Map<String, List<String>> eventTypes = new TreeMap<>();
        acknowledged.registrations().forEach((id, lead) -> {
            ApiClient.Response history = auditor.get("/api/tasks/" + id + "/history");
            assertThat(history.status()).as("history of task %s: %s", id, history).isIn(200, 404);
            List<String> types = new ArrayList<>();
            if (history.status() == 200) {
                history.json().forEach(event -> types.add(event.get("type").asText()));
                JsonNode first = history.json().get(0);
                assertThat(first.get("ledger").asText()).isEqualTo(LEDGER);
                assertThat(first.get("leadDepartment").asText()).isEqualTo(lead);
            }
            eventTypes.put(id, types);
        });
        List<String> lost = new ArrayList<>();
        eventTypes.forEach((id, types) -> {
            if (!types.contains("TaskRegistered")) {
                lost.add("registration of " + id);
            }
            if (acknowledged.claims().contains(id) && !types.contains("TaskClaimed")) {
                lost.add("claim of " + id);
            }
        });
        assertThat(lost).as("acknowledged commands (of %d) missing after the kill", COMMANDS).isEmpty();
        eventTypes.forEach((id, types) -> assertThat(types).as("events of task %s", id).isEqualTo(
                acknowledged.claims().contains(id) ? List.of("TaskRegistered", "TaskClaimed") : List.of("TaskRegistered")));
    }

    /**
     * The ledger is a tracking projection that resumes from the token it last stored, so it is
     * handed again events whose effects may already be in the file: after catching up it must
     * count each acknowledged registration exactly once, in its lead department, and show each
     * acknowledged claim.
     */
    private static void assertTheLedgerCountsEvery(Acknowledged acknowledged, ForkedApplication app)
            throws InterruptedException {
        ApiClient auditor = new ApiClient(app.port(), "auditor", "auditor");
        String path = "/api/ledgers/" + URLEncoder.encode(LEDGER, StandardCharsets.UTF_8);
        Map<String, Long> expectedByDepartment = acknowledged.registrations().values().stream()
                .collect(Collectors.groupingBy(lead -> lead, TreeMap::new, Collectors.counting()));
        long expectedTotal = acknowledged.registrations().size();
        Set<String> expectedClaimed = acknowledged.claims();

        ApiClient.Response[] summary = new ApiClient.Response[1];
        awaitOrFail(CATCH_UP_TIMEOUT, () -> {
            summary[0] = auditor.get(path);
            return summary[0].status() == 200 && summary[0].json().get("registered").asLong() >= expectedTotal;
        }, () -> "the ledger to count " + expectedTotal + " registrations; last answer: " + summary[0]);
        JsonNode ledger = summary[0].json();
        assertThat(ledger.get("registered").asLong()).as(ledger.toString()).isEqualTo(expectedTotal);
        assertThat(ledger.get("open").asLong()).as(ledger.toString()).isEqualTo(expectedTotal);
        assertThat(ledger.get("withdrawn").asLong()).as(ledger.toString()).isZero();
        assertThat(ledger.get("closed").asLong()).as(ledger.toString()).isZero();
        assertThat(ledger.get("overdue").asLong()).as(ledger.toString()).isZero();
        Map<String, Long> registeredByDepartment = new TreeMap<>();
        Map<String, Long> openByDepartment = new TreeMap<>();
        ledger.get("departments").forEach(department -> {
            registeredByDepartment.put(department.get("department").asText(), department.get("registered").asLong());
            openByDepartment.put(department.get("department").asText(), department.get("open").asLong());
        });
        assertThat(registeredByDepartment).isEqualTo(expectedByDepartment);
        assertThat(openByDepartment).isEqualTo(expectedByDepartment);

        Set<String> claimed = new HashSet<>();
        awaitOrFail(CATCH_UP_TIMEOUT, () -> {
            claimed.clear();
            auditor.get(path + "/entries?status=CLAIMED").json()
                    .forEach(entry -> claimed.add(entry.get("taskId").asText()));
            return claimed.equals(expectedClaimed);
        }, () -> "the ledger's claimed entries to be the " + expectedClaimed.size()
                + " acknowledged claims; last seen " + claimed.size() + ": " + claimed);
    }

    private static void awaitOrFail(Duration timeout, BooleanSupplier condition, Supplier<String> what)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("Waited " + timeout.toSeconds() + " s for " + what.get());
            }
            Thread.sleep(200);
        }
    }
}
