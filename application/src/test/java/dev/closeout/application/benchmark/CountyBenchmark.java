package dev.closeout.application.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import dev.closeout.application.CloseoutApplication;
import dev.closeout.application.infrastructure.mongo.EmbeddedMongoServer;
import dev.closeout.application.support.CostModel;
import dev.closeout.application.support.MongoCommandCounts;
import dev.closeout.domain.common.TimeOrderedIds;
import org.bson.BsonDocument;
import org.bson.BsonInt64;
import org.bson.BsonString;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.codecs.BsonDocumentCodec;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The county load (issue 10) driven through HTTP against the packaged jar on its embedded default,
 * with a fresh data directory per scale: tasks over 42 departments and 3 ledgers are registered,
 * then claimed, progress reported in {@link #PROGRESS_ROUNDS} rounds by 80 % of them, their closure
 * requested (60 %) and closed (50 %), by 8 concurrent clients: about ten events per task. Per phase
 * it prints commands/s, p50 and p99, and the throughput of the phase's first and last tenth (a cost
 * that grows with the data shows as a falling ratio). In the same run, once the read models have caught up
 * with the last command (the time that takes is printed): read latencies (ledger
 * figures, an entries page of 50, a task view), the whole-ledger CSV, the heap after a full GC
 * ({@code jcmd}), a digest and a verification of the audit hash chains, a rebuild of every read
 * model, restart-to-ready time (restarted without the copy of the ledger lines, decision 0017, whose ledger
 * reads are then measured again, side by side; then once more as operations.md runs the jar, extracted with a
 * class-data-sharing archive), the data file against the raw BSON size of the events, the raw rate of
 * durable inserts into the same embedded server, and the cost model: what each command of the task
 * and complaint lifecycles reads and writes at this scale ({@link #costModel}).
 *
 * <p>The raw-insert rate is measured in this JVM, not in the application's: the jar exposes no way
 * to write to its store directly, and a test-only endpoint would be code shipped to offices for a
 * benchmark. This JVM opens {@link EmbeddedMongoServer} from the same build as the jar (same class,
 * same H2 settings, group commit and fence), creates the event store's indexes, and has 8 threads
 * insert copies of the run's own event documents, each insert awaiting its group commit as a
 * command does, first untimed (for the JIT), then timed with this JVM's CPU. The application is
 * stopped meanwhile, so neither competes with the other. The rates are minutes apart, and this
 * machine's speed drifts by a third between hours; so the table beside them prints the ratio of the
 * CPU a raw insert takes to a command's, which is what the rates' ratio would be on a machine the
 * work keeps busy.
 *
 * <p>Not part of the build's tests (neither surefire nor failsafe selects this name). Run it with
 * <pre>
 * ./mvnw -o -pl application -am -Pbench verify                      # 1,000 and 10,000 tasks
 * ./mvnw -o -pl application -am -Pbench verify -Dbench.tasks=1000   # one scale
 * ./mvnw -o -pl application -am -Pbench verify -Dbench.tasks=10000 -Dbench.keep=/tmp/stores   # keeps /tmp/stores/10000
 * ./mvnw -o -pl application -am -Pbench verify -Dbench.rebuild-store=/tmp/stores/10000 \
 *     "-Dbench.rebuild-variants=b1000=;b100=--closeout.projections.batch-size=100" -Dbench.rebuild-times=2
 * </pre>
 * The last runs no load: it rebuilds every read model of a kept store, per variant of the application's options and
 * round, {@code bench.rebuild-times} times in each JVM ({@link #rebuildsSideBySide}), printing each rebuild's time and
 * the application's CPU time.
 * The output goes to the console and to {@code application/target/bench/}. Other processes on the
 * machine make the figures noisy: compare ratios taken in one run.
 */
class CountyBenchmark {

    private static final int DEPARTMENTS = 42;
    private static final String[] LEDGERS = {"督查台账", "民生台账", "项目台账"};
    private static final String WARM_UP_LEDGER = "预热台账";
    /** Task lifecycles a client runs in a round of the warm-up. */
    private static final int WARM_UP_ROUND = 25;
    private static final int WARM_UP_MAX_ROUNDS = 20;
    private static final int CLIENTS = Integer.getInteger("bench.clients", 8);
    /**
     * Progress reported twice a month (每半月报送) over four and a half months by the 80 % of tasks
     * that report: with the other commands, about ten events per task, so 10,000 tasks make the
     * county's 100,000 events.
     */
    private static final int PROGRESS_ROUNDS = Integer.getInteger("bench.progress-rounds", 9);
    private static final int READ_SAMPLES = 300;
    /** How long the store may take to start shrinking its file once commands stop, and to finish. */
    private static final int QUIET_START_SECONDS = 15;
    private static final int QUIET_MAX_SECONDS = 300;
    private static final Duration RAW_INSERT_TIME = Duration.ofSeconds(20);
    /** A round of the raw inserts' untimed warm-up, repeated until this JVM's JIT settles. */
    private static final Duration RAW_INSERT_WARM_UP = Duration.ofSeconds(5);
    /** The most rounds of it: a minute. */
    private static final int RAW_INSERT_WARM_UP_MAX_ROUNDS = 12;
    /** Linux's unit of a thread's CPU time in {@code /proc} (USER_HZ). */
    private static final double CLOCK_TICKS = 100;
    /** A JVM's JIT has settled once its compiler threads use less than this share of a core in a round of warm-up. */
    private static final double JIT_SETTLED = 0.10;
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(5);
    private static final BsonDocumentCodec BSON_DOCUMENTS = new BsonDocumentCodec();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int CORES = Runtime.getRuntime().availableProcessors();

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, String> authorizations = new ConcurrentHashMap<>();
    private PrintStream out;
    private double rebuildSeconds;
    /** The application whose reads are being timed, for its JIT's CPU meanwhile. */
    private Forked reading;
    /** What the application spent on the rebuild at this scale. */
    private Spending rebuildSpent;

    @Test
    void county() throws Exception {
        String jar = System.getProperty("closeout.jar", "application/target/closeout.jar");
        if (!Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("The packaged application is missing (" + jar + "): run ./mvnw -pl application -am -Pbench verify");
        }
        int[] scales = Arrays.stream(System.getProperty("bench.tasks", "1000,10000").split(","))
                .map(String::trim).mapToInt(Integer::parseInt).toArray();
        Path reportDirectory = Path.of(System.getProperty("bench.out", "target/bench"));
        Files.createDirectories(reportDirectory);
        Path report = reportDirectory.resolve("county-" + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
                .format(ZonedDateTime.now(ZoneOffset.UTC)) + ".txt");
        try (PrintStream file = new PrintStream(Files.newOutputStream(report), true, StandardCharsets.UTF_8)) {
            out = new PrintStream(new Tee(System.out, file), true, StandardCharsets.UTF_8);
            out.printf("County benchmark, %s UTC, %d cores, %s, jar %s (%,d bytes), %d clients%n",
                    ZonedDateTime.now(ZoneOffset.UTC).withNano(0).toLocalDateTime(), CORES,
                    System.getProperty("java.vm.version"), jar, Files.size(Path.of(jar)), CLIENTS);
            out.printf("commit %s%n", System.getProperty("bench.commit", "(not given: -Dbench.commit=$(git rev-parse --short HEAD))"));
            if (!System.getProperty("bench.jvm", "").isBlank()) {
                out.printf("the application's JVM options (-Dbench.jvm): %s%n", System.getProperty("bench.jvm").trim());
            }
            String kept = System.getProperty("bench.rebuild-store", "");
            if (!kept.isBlank()) {
                rebuildsSideBySide(jar, Path.of(kept));
            } else {
                for (int tasks : scales) {
                    runScale(jar, tasks);
                }
            }
            out.flush();
        }
        System.out.println("Report written to " + report.toAbsolutePath());
    }

    private void runScale(String jar, int tasks) throws Exception {
        Path root = Files.createTempDirectory("closeout-county");
        Path dataDir = root.resolve("data");
        rebuildSeconds = 0;
        rebuildSpent = null;
        long runningFileSize = -1;
        long[] quietFile = null;
        String quietChunks = "";
        out.printf("%n===== %,d tasks, %d departments, %d ledgers =====%n", tasks, DEPARTMENTS, LEDGERS.length);
        try {
            Forked app = Forked.launch(jar, root, dataDir, "first");
            out.printf("start to ready (empty store): %.1f s%n", app.awaitReady(this));
            List<String> ids;
            Map<String, Phase> phases = new LinkedHashMap<>();
            try {
                warmUp(app);
                ids = new ArrayList<>(java.util.Collections.nCopies(tasks, (String) null));
                List<String> taskIds = ids;
                phases.put("register", phase(app, "register", tasks, i -> {
                    String department = department(i);
                    JsonNode answer = post(app.port, "supervisor", "/api/tasks", Map.of(
                            "ledger", LEDGERS[i % LEDGERS.length], "title", "巡查发现问题整改 " + i,
                            "leadDepartment", department, "dueDate", dueDate(i).toString()));
                    taskIds.set(i, answer.get("taskId").asText());
                    return true;
                }));
                phases.put("claim", phase(app, "claim", tasks, i ->
                        command(app.port, user(i), "/api/tasks/" + taskIds.get(i) + "/claim", Map.of())));
                int reporting = tasks * 8 / 10;
                phases.put("progress", phase(app, "progress", reporting * PROGRESS_ROUNDS, i ->
                        command(app.port, user(i % reporting), "/api/tasks/" + taskIds.get(i % reporting) + "/progress",
                                Map.of("note", "已完成现场核查，整改方案已落实",
                                        "percentComplete", 10 * (1 + i / reporting)))));
                phases.put("closure request", phase(app, "closure request", tasks * 6 / 10, i ->
                        command(app.port, user(i), "/api/tasks/" + taskIds.get(i) + "/closure-request",
                                Map.of("evidence", "整改报告及现场照片"))));
                phases.put("close", phase(app, "close", tasks / 2, i ->
                        command(app.port, "supervisor", "/api/tasks/" + taskIds.get(i) + "/close", Map.of())));

                out.printf("read models caught up %.1f s after the last command%n", caughtUp(app.port));
                reading = app;
                reads(app.port, ids);
                audit(app.port);
                out.printf("heap after full GC: %s%n", heapAfterGc(app.pid()));
                Spending beforeRebuild = Spending.of(app, metrics(app.port));
                rebuild(app.port);
                rebuildSpent = Spending.of(app, metrics(app.port)).since(beforeRebuild);
                runningFileSize = dataFiles(dataDir);
                quietFile = quietFileSize(dataDir, app.log());
                String metrics = metrics(app.port);
                quietChunks = String.format("events' file %s %% in chunks, which are %s %% alive; read models' file "
                                + "%s %% in chunks, %s %% alive",
                        gauge(metrics, "closeout_embedded_store_in_chunks_percent{store=\"events\"}"),
                        gauge(metrics, "closeout_embedded_store_chunks_alive_percent{store=\"events\"}"),
                        gauge(metrics, "closeout_embedded_store_in_chunks_percent{store=\"read-models\"}"),
                        gauge(metrics, "closeout_embedded_store_chunks_alive_percent{store=\"read-models\"}"));
            } finally {
                out.printf("graceful stop: %.1f s%n", app.stop());
            }
            long fileSize = dataFiles(dataDir);

            // restarted without the copy of the ledger lines, so that the same reads are measured side by side
            Forked restarted = Forked.launch(jar, root, dataDir, "restarted", "--closeout.ledger.held-lines=0");
            try {
                out.printf("restart to ready (%,d tasks stored): %.1f s%n", tasks, restarted.awaitReady(this));
                out.println("the same reads, restarted with closeout.ledger.held-lines=0 (every line read at every read):");
                reading = restarted;
                ledgerReads(restarted.port, ids.size());
            } finally {
                restarted.stop();
            }
            restartAsOperationsRunsIt(jar, root, dataDir, tasks);
            fileSize = Math.max(fileSize, dataFiles(dataDir));

            StoredEvents events = storedEvents(dataDir);
            out.printf("events stored: %,d, raw BSON %,d bytes (%.0f bytes/event); data files %,d bytes = %.2fx the events "
                            + "(the events' file %,d bytes, the read models' %,d)%n",
                    events.count, events.bytes, (double) events.bytes / events.count, fileSize,
                    (double) fileSize / events.bytes, size(dataDir.resolve(EmbeddedMongoServer.FILE_NAME)),
                    size(dataDir.resolve(EmbeddedMongoServer.READ_MODELS_FILE_NAME)));
            if (runningFileSize > 0) {
                out.printf("data file while running (after the rebuild): %,d bytes = %.2fx the events%n",
                        runningFileSize, (double) runningFileSize / events.bytes);
            }
            if (quietFile != null) {
                out.printf("data file after %,d s without commands (%s; %s): %,d bytes = %.2fx the events%n", quietFile[1],
                        quietFile[2] == 1 ? "the stores shrank them" : "not shrunk by both stores", quietChunks,
                        quietFile[0], (double) quietFile[0] / events.bytes);
            }
            long live = events.collections.values().stream().mapToLong(size -> size[1]).sum();
            out.printf("live documents: %,d bytes = %.2fx the events; data file = %.2fx the live documents; largest:",
                    live, (double) live / events.bytes, (double) fileSize / live);
            events.collections.entrySet().stream().limit(8).forEach(entry -> out.printf(" %s %,d docs %.1f MB,",
                    entry.getKey(), entry.getValue()[0], entry.getValue()[1] / 1e6));
            out.println();
            if (rebuildSeconds > 0) {
                out.printf("rebuild of every read model: %.1f s = %,.0f events/s; application CPU %.1f s, the JIT %.1f s; "
                                + "the JVM paused %.0f times, %.1f s in all%n", rebuildSeconds, events.count / rebuildSeconds,
                        rebuildSpent.cpuSeconds(), rebuildSpent.jitSeconds(), rebuildSpent.pauses(),
                        rebuildSpent.pauseSeconds());
            }
            RawInserts rawInserts = rawDurableInserts(root.resolve("raw"), events.templates, events.indexes);
            double raw = rawInserts.perSecond;
            out.printf("raw durable inserts (same server, same settings, %d threads, each awaiting its commit, after %d s "
                            + "untimed, the JIT %.0f %% of a core in its last %d s): %,.0f inserts/s, %.3f ms of CPU an insert "
                            + "(%.0f %% of the machine)%n",
                    CLIENTS, rawInserts.warmUpRounds * RAW_INSERT_WARM_UP.toSeconds(), 100 * rawInserts.jitShare,
                    RAW_INSERT_WARM_UP.toSeconds(), raw,
                    rawInserts.cpuMillis, 100 * raw * rawInserts.cpuMillis / 1000 / CORES);

            out.printf("%n%-16s %10s %9s %9s %10s %10s %8s %9s %9s%n", "phase", "commands/s", "p50 ms", "p99 ms",
                    "first 10%", "last 10%", "last/1st", "÷ raw", "CPU ÷ raw");
            phases.forEach((name, p) -> out.printf("%-16s %10.1f %9.1f %9.1f %10.1f %10.1f %7.2fx %8.3fx %8.3fx%s%n", name,
                    p.perSecond, p.p50, p.p99, p.firstTenth, p.lastTenth, p.lastTenth / p.firstTenth, p.perSecond / raw,
                    rawInserts.cpuMillis / p.cpuMillis, p.late > 0 ? "  (" + p.late + " answered 202)" : ""));
            out.println("(÷ raw: the rates as measured, minutes apart on a machine whose speed drifts; CPU ÷ raw: a raw "
                    + "insert's CPU over a command's, the ratio the rates would have on a machine the work keeps busy)");
            Phase register = phases.get("register");
            double slowest = phases.values().stream().mapToDouble(p -> p.perSecond).min().orElse(0);
            out.printf("flat cost: slowest phase ÷ first tenth of registrations = %.2fx (goal ≥ 0.8x); "
                    + "worst p99 %.0f ms (goal < 100 ms)%n", slowest / register.firstTenth,
                    phases.values().stream().mapToDouble(p -> p.p99).max().orElse(0));
            costModel(dataDir, tasks);
            String keep = System.getProperty("bench.keep", "");
            if (!keep.isBlank()) {
                Path kept = Path.of(keep).resolve(String.valueOf(tasks));
                copyRecursively(dataDir, kept);
                out.printf("store kept in %s%n", kept.toAbsolutePath());
            }
        } finally {
            deleteRecursively(root);
        }
    }

    /**
     * Rebuilds every read model of a kept store ({@code -Dbench.keep} of an earlier run) in turn under each
     * variant of {@code -Dbench.rebuild-variants} ({@code name=--option=value --other=value;name2=...}, an empty
     * variant being the defaults; {@code jar=PATH} among a variant's options runs that jar instead of this build's), {@code -Dbench.rebuild-rounds} rounds (2), each run in a fresh JVM on a fresh
     * copy of the store, alternating, so that the variants share the machine's hour. Prints each run's time and
     * the CPU time the application's JVM spent on it: a count less moved by the machine's other load than a rate.
     */
    private void rebuildsSideBySide(String jar, Path store) throws Exception {
        Map<String, String[]> variants = new LinkedHashMap<>();
        Map<String, String> jars = new LinkedHashMap<>();
        for (String variant : System.getProperty("bench.rebuild-variants", "defaults=").split(";")) {
            String[] nameAndOptions = variant.split("=", 2);
            String name = nameAndOptions[0].trim();
            String[] options = nameAndOptions.length < 2 || nameAndOptions[1].isBlank()
                    ? new String[0] : nameAndOptions[1].trim().split("\\s+");
            // a variant may name another jar ("jar=/path/to/closeout.jar"), to compare two builds side by side
            jars.put(name, Arrays.stream(options).filter(option -> option.startsWith("jar="))
                    .map(option -> option.substring("jar=".length())).findFirst().orElse(jar));
            variants.put(name, Arrays.stream(options).filter(option -> !option.startsWith("jar=")).toArray(String[]::new));
        }
        int rounds = Integer.getInteger("bench.rebuild-rounds", 2);
        long events;
        Path counted = Files.createTempDirectory("closeout-rebuild");
        try {
            // opened as a copy: a store that opens may write to its file
            copyRecursively(store, counted.resolve("data"));
            events = storedEvents(counted.resolve("data")).count();
        } finally {
            deleteRecursively(counted);
        }
        out.printf("%nrebuild side by side, store %s (%,d events), %d round(s)%n", store.toAbsolutePath(), events, rounds);
        variants.forEach((name, options) -> out.printf("  %-14s %s%s%n", name, jars.get(name).equals(jar) ? "" : jars.get(name) + " ",
                options.length == 0 ? "(the defaults)" : String.join(" ", options)));
        int times = Integer.getInteger("bench.rebuild-times", 1);
        Map<String, List<double[]>> runs = new LinkedHashMap<>();
        for (int round = 1; round <= rounds; round++) {
            for (Map.Entry<String, String[]> variant : variants.entrySet()) {
                Path root = Files.createTempDirectory("closeout-rebuild");
                try {
                    Path dataDir = root.resolve("data");
                    copyRecursively(store, dataDir);
                    Forked app = Forked.launch(jars.get(variant.getKey()), root, dataDir, variant.getKey(),
                            variant.getValue());
                    try {
                        app.awaitReady(this);
                        caughtUp(app.port, false);
                        for (int time = 1; time <= times; time++) {
                            String metricsBefore = metrics(app.port);
                            Spending before = Spending.of(app, metricsBefore);
                            double[] writesBefore = storeWrites(metricsBefore);
                            double[] trackedBefore = trackedEvents(metricsBefore);
                            rebuild(app.port);
                            String metricsAfter = metrics(app.port);
                            Spending spent = Spending.of(app, metricsAfter).since(before);
                            double cpu = spent.cpuSeconds();
                            double[] writes = storeWrites(metricsAfter);
                            String tracked = trackedEvents(trackedBefore, trackedEvents(metricsAfter), events);
                            // a JVM's first rebuild compiles the replay's code as it goes: told apart from the later ones
                            String name = times == 1 ? variant.getKey() : variant.getKey() + " #" + time;
                            out.printf("%-14s round %d: %,d events in %.1f s = %,.0f events/s, application CPU %.1f s (%.2f ms an event; the JIT %.1f s), "
                                            + "GC paused %.0f times, %.1f s in all, written to the file %,.0f MB in %,.0f commits%s%n",
                                    name, round, events, rebuildSeconds, events / rebuildSeconds, cpu, cpu * 1000 / events,
                                    spent.jitSeconds(), spent.pauses(), spent.pauseSeconds(),
                                    (writes[0] - writesBefore[0]) / 1e6, writes[1] - writesBefore[1], tracked);
                            runs.computeIfAbsent(name, key -> new ArrayList<>()).add(new double[]{events / rebuildSeconds, cpu});
                        }
                    } finally {
                        app.stop();
                    }
                } finally {
                    deleteRecursively(root);
                }
            }
        }
        for (int time = 1; time <= times; time++) {
            String suffix = times == 1 ? "" : " #" + time;
            double[] first = sums(runs.get(variants.keySet().iterator().next() + suffix));
            for (String variant : variants.keySet()) {
                List<double[]> measured = runs.get(variant + suffix);
                double[] sums = sums(measured);
                out.printf("%-14s mean %,.0f events/s (%.2fx), CPU %.1f s (%.2fx)%n", variant + suffix,
                        sums[0] / measured.size(), sums[0] / first[0], sums[1] / measured.size(), sums[1] / first[1]);
            }
        }
    }

    private static double[] sums(List<double[]> measured) {
        return measured.stream().reduce(new double[2], (a, b) -> new double[]{a[0] + b[0], a[1] + b[1]});
    }

    // ---------------------------------------------------------------- cost model

    /**
     * The cost model (decision 0008) at this scale: the application started in this JVM on the run's
     * data directory (the jar stopped), every command of a task's life sent once on the first ledger,
     * the first department and the half-year due date (the fullest), and of a complaint's life (the
     * county load has no complaints: its month holds only these), each counted by the driver from the
     * moment it is sent until every read model has taken it in. Both lives are lived once before,
     * unrecorded, so the start-up's background reads (ledger gauges, the sweep) are not counted. In
     * this JVM because the counting listener is test code, not shipped in the jar.
     */
    private void costModel(Path dataDir, int tasks) {
        System.setProperty("axoniq.update-checker.disabled", "true");
        long start = System.nanoTime();
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(CloseoutApplication.class)
                .run("--closeout.data-dir=" + dataDir, "--server.port=0", "--spring.profiles.active=embedded",
                        "--closeout.metrics.ledger-refresh=PT24H", "--closeout.sweep.interval=PT24H")) {
            CostModel model = new CostModel(app);
            // once unrecorded: the start-up's own reads (the ledger gauges, the sweep) fall here, not
            // into the first command measured
            model.taskLifecycle(LEDGERS[0], department(0), dueDate(0));
            model.complaintLifecycle(department(0), department(1), dueDate(0), java.time.Instant.now());
            String size = String.format(Locale.ROOT, "%,d stored", tasks);
            Map<String, Map<String, MongoCommandCounts.Costs>> taskCosts = Map.of(size,
                    model.taskLifecycle(LEDGERS[0], department(0), dueDate(0)));
            Map<String, Map<String, MongoCommandCounts.Costs>> complaintCosts = Map.of(size,
                    model.complaintLifecycle(department(0), department(1), dueDate(0), java.time.Instant.now()));
            out.printf("%ncost model (decision 0008; %s, %s, due %s; the application in this JVM on the run's data, "
                            + "%.0f s): per command, its read models included%n%s%s%ncomplaints:%n%s%s", LEDGERS[0],
                    department(0), dueDate(0), (System.nanoTime() - start) / 1e9, CostModel.table(taskCosts),
                    CostModel.writes(taskCosts), CostModel.table(complaintCosts), CostModel.writes(complaintCosts));
        }
    }

    // ---------------------------------------------------------------- load

    private static String department(int i) {
        return String.format(Locale.ROOT, "DEPT-%02d", i % DEPARTMENTS + 1);
    }

    private static String user(int i) {
        return department(i).toLowerCase(Locale.ROOT);
    }

    /** Most items share the half-year deadline ("6月底前"), the rest spread over three months. */
    private static LocalDate dueDate(int i) {
        LocalDate halfYear = LocalDate.now().plusMonths(6).withDayOfMonth(1).minusDays(1);
        return i % 10 < 6 ? halfYear : LocalDate.now().plusDays(20 + i % 90);
    }

    /**
     * Task lifecycles on a ledger of their own, in rounds of {@value #WARM_UP_ROUND} per client, until the JVM's
     * JIT has settled: a round in which its compiler threads used less than a tenth of a core (at least two
     * rounds, at most {@value #WARM_UP_MAX_ROUNDS}). A young JVM runs much of the application interpreted or
     * half-compiled while the compiler works through it (on 2 cores, the first minute and a half of load), which
     * is not what the store's size costs; the first round's figures are printed as what a restarted JVM does.
     */
    private void warmUp(Forked app) throws Exception {
        int port = app.port();
        long start = System.nanoTime();
        int round = 0;
        double compiling;
        String first = null;
        String last;
        do {
            double jitBefore = app.jitCpuSeconds();
            long roundStart = System.nanoTime();
            long[] latency = warmUpRound(port, round);
            double roundSeconds = (System.nanoTime() - roundStart) / 1e9;
            compiling = (app.jitCpuSeconds() - jitBefore) / roundSeconds;
            Arrays.sort(latency);
            last = String.format("%.0f commands/s, p50 %.0f ms, p99 %.0f ms, the JIT %.0f %% of a core",
                    latency.length / roundSeconds, percentile(latency, 0.50), percentile(latency, 0.99), 100 * compiling);
            if (first == null) {
                first = last;
            }
            round++;
        } while (round < WARM_UP_MAX_ROUNDS && (round < 2 || compiling >= JIT_SETTLED));
        out.printf("warm-up: %d task lifecycles on %s, each followed by a read, in %.0f s, %d rounds, %s (not timed)%n",
                round * WARM_UP_ROUND * CLIENTS, WARM_UP_LEDGER, (System.nanoTime() - start) / 1e9, round,
                compiling < JIT_SETTLED ? "until the JIT settled" : "the most there are; the JIT had not settled");
        out.printf("                 first round (a young JVM): %s%n", first);
        out.printf("                 last round:                %s%n", last);
    }

    /**
     * One round of the warm-up: each client takes {@value #WARM_UP_ROUND} tasks from registration to close, reading
     * something after each ({@link #warmUpRead}).
     */
    private long[] warmUpRound(int port, int round) throws Exception {
        int tasks = WARM_UP_ROUND * CLIENTS;
        long[] latency = new long[tasks * 5];
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < CLIENTS; t++) {
            int client = t;
            futures.add(pool.submit(() -> {
                for (int k = client; k < tasks; k += CLIENTS) {
                    int i = round * tasks + k;
                    long[] at = new long[6];
                    at[0] = System.nanoTime();
                    String id = post(port, "supervisor", "/api/tasks", Map.of("ledger", WARM_UP_LEDGER,
                            "title", "预热 " + i, "leadDepartment", department(i),
                            "dueDate", dueDate(i).toString())).get("taskId").asText();
                    at[1] = System.nanoTime();
                    command(port, user(i), "/api/tasks/" + id + "/claim", Map.of());
                    at[2] = System.nanoTime();
                    command(port, user(i), "/api/tasks/" + id + "/progress", Map.of("note", "预热", "percentComplete", 50));
                    at[3] = System.nanoTime();
                    command(port, user(i), "/api/tasks/" + id + "/closure-request", Map.of("evidence", "预热"));
                    at[4] = System.nanoTime();
                    command(port, "supervisor", "/api/tasks/" + id + "/close", Map.of());
                    at[5] = System.nanoTime();
                    for (int c = 0; c < 5; c++) {
                        latency[5 * k + c] = at[c + 1] - at[c];
                    }
                    warmUpRead(port, i, id);
                }
                return null;
            }));
        }
        for (Future<?> future : futures) {
            future.get();
        }
        pool.shutdown();
        return latency;
    }

    /**
     * A read after each of the warm-up's lifecycles, of the kinds the read phases time, in turn: an office reads
     * between its commands all day, and reads first sent after 100,000 commands had their code compiled while they
     * were timed (the JIT used 1.5-3.6 s of CPU in each phase of 300 reads).
     */
    private void warmUpRead(int port, int i, String id) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        switch (i % 4) {
            case 0 -> get(port, "/api/ledgers/" + encode(WARM_UP_LEDGER));
            case 1 -> get(port, "/api/ledgers/" + encode(WARM_UP_LEDGER) + "/entries?limit=50&offset="
                    + random.nextInt(Math.max(1, i - 50)));
            case 2 -> get(port, "/api/tasks/" + id);
            default -> get(port, "/api/audit/events?limit=100&after=" + random.nextLong(Math.max(1, 5L * i))
                    + (i % 8 == 3 ? "&department=" + department(i) : ""));
        }
    }

    /** Runs {@code count} commands over {@link #CLIENTS} threads; each returns false for a 202. */
    private Phase phase(Forked app, String name, int count, IntFunction<Boolean> command) throws Exception {
        int port = app.port();
        long[] finished = new long[count];
        long[] latency = new long[count];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger late = new AtomicInteger();
        double[] storeBefore = storeWrites(metrics(port));
        double jitBefore = app.jitCpuSeconds();
        double appCpuBefore = app.cpu().toNanos() / 1e9;
        double ownCpuBefore = ownCpuSeconds();
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        List<Future<?>> futures = new ArrayList<>();
        long start = System.nanoTime();
        for (int t = 0; t < CLIENTS; t++) {
            futures.add(pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                    long begin = System.nanoTime();
                    if (!command.apply(i)) {
                        late.incrementAndGet();
                    }
                    long end = System.nanoTime();
                    latency[i] = end - begin;
                    finished[i] = end;
                }
                return null;
            }));
        }
        for (Future<?> future : futures) {
            future.get();
        }
        pool.shutdown();
        double seconds = (System.nanoTime() - start) / 1e9;
        double appCpu = app.cpu().toNanos() / 1e9 - appCpuBefore;
        double ownCpu = ownCpuSeconds() - ownCpuBefore;
        long[] sortedFinish = finished.clone();
        Arrays.sort(sortedFinish);
        int tenth = Math.max(1, count / 10);
        double firstTenth = tenth / ((sortedFinish[tenth - 1] - start) / 1e9);
        double lastTenth = tenth / ((sortedFinish[count - 1] - sortedFinish[count - 1 - tenth]) / 1e9);
        long[] sortedLatency = latency.clone();
        Arrays.sort(sortedLatency);
        Phase phase = new Phase(count / seconds, percentile(sortedLatency, 0.50), percentile(sortedLatency, 0.99),
                firstTenth, lastTenth, late.get(), appCpu * 1000 / count);
        out.printf("%-16s %,7d commands in %6.1f s: %6.1f commands/s  p50 %6.1f ms  p99 %7.1f ms  first/last tenth %6.1f / %6.1f commands/s%n",
                name, count, seconds, phase.perSecond, phase.p50, phase.p99, firstTenth, lastTenth);
        out.printf("%-16s p99 of each tenth, in the order sent: %s ms%n", "", p99ByTenth(latency));
        double[] storeAfter = storeWrites(metrics(port));
        double written = storeAfter[0] - storeBefore[0];
        double commits = storeAfter[1] - storeBefore[1];
        double eventsWritten = storeAfter[2] - storeBefore[2];
        double eventsCommits = storeAfter[3] - storeBefore[3];
        out.printf("%-16s written to the files: %,.1f KB a command, %,.0f commits/s of %,.1f KB each; the events' file "
                        + "%,.1f KB a command, %,.0f commits/s; the JIT %.0f %% of a core%n",
                "", written / count / 1024, commits / seconds, commits == 0 ? 0 : written / commits / 1024,
                eventsWritten / count / 1024, eventsCommits / seconds, 100 * (app.jitCpuSeconds() - jitBefore) / seconds);
        out.printf("%-16s CPU: the application %.2f ms a command (%.0f %% of the machine), the benchmark's clients %.2f ms "
                        + "(%.0f %%)%n", "", appCpu * 1000 / count, 100 * appCpu / seconds / CORES,
                ownCpu * 1000 / count, 100 * ownCpu / seconds / CORES);
        return phase;
    }

    /**
     * Each JIT compiler thread ever seen, by process, thread id and start time, with the CPU ticks it had used when
     * last seen: HotSpot lets go of a compiler thread it no longer needs (-XX:+UseDynamicNumberOfCompilerThreads),
     * and a thread gone from {@code /proc} would take its time with it.
     */
    private static final Map<String, Long> COMPILER_THREAD_TICKS = new ConcurrentHashMap<>();

    /**
     * The CPU seconds a JVM's JIT compiler threads have used so far, from {@code /proc} (Linux; 0 elsewhere): the
     * threads there now and those seen before that have ended since, as last seen. On 2 cores by default the JVM
     * keeps its one C1 and one C2 thread for good; with more compiler threads (-XX:CICompilerCount=3, or C2 alone,
     * -XX:-TieredCompilation), the time an ended thread used after it was last seen is not counted.
     */
    static double jitCpuSeconds(long pid) {
        Path tasks = Path.of("/proc", Long.toString(pid), "task");
        try (Stream<Path> threads = Files.list(tasks)) {
            for (Path thread : threads.toList()) {
                try {
                    String name = Files.readString(thread.resolve("comm"));
                    if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
                        String stat = Files.readString(thread.resolve("stat"));
                        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        // utime, stime and starttime (fields 14, 15 and 22 of proc(5), counted from the state, field 3)
                        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                        COMPILER_THREAD_TICKS.merge(pid + "/" + thread.getFileName() + "/" + fields[19], ticks, Math::max);
                    }
                } catch (IOException ended) {
                    // the thread ended while being read: counted as last seen
                }
            }
        } catch (IOException notLinux) {
            return 0;
        }
        String prefix = pid + "/";
        return COMPILER_THREAD_TICKS.entrySet().stream().filter(thread -> thread.getKey().startsWith(prefix))
                .mapToLong(Map.Entry::getValue).sum() / CLOCK_TICKS;
    }

    /** The CPU seconds this JVM (the benchmark: its clients, their JSON and HTTP) has used so far. */
    private static double ownCpuSeconds() {
        return cpuOf(ProcessHandle.current()).toNanos() / 1e9;
    }

    /** The CPU time a process has used so far, all its threads. */
    private static Duration cpuOf(ProcessHandle process) {
        return process.info().totalCpuDuration().orElseThrow(() ->
                new IllegalStateException("This system does not tell a process's CPU time"));
    }

    /** The operator's metrics page (Prometheus). */
    private String metrics(int port) {
        return getAs(port, "operator", "/actuator/prometheus");
    }

    /** The events tracking processors read so far, from the store and from memory; empty when the jar does not tell. */
    private static double[] trackedEvents(String metrics) {
        return metrics.contains("closeout_event_store_tracked_total") ? new double[] {
                counter(metrics, "closeout_event_store_tracked_total{from=\"store\""),
                counter(metrics, "closeout_event_store_tracked_total{from=\"memory\"")} : new double[0];
    }

    /** ", events read from the store N (x an event), from memory M" since {@code before}; nothing when either is unknown. */
    private static String trackedEvents(double[] before, double[] now, long events) {
        if (before.length == 0 || now.length == 0) {
            return "";
        }
        return String.format(", events read from the store %,.0f (%.1f an event), from memory %,.0f",
                now[0] - before[0], (now[0] - before[0]) / events, now[1] - before[1]);
    }

    /** The value of the first counter line on a Prometheus page starting with {@code prefix}. */
    private static double counter(String page, String prefix) {
        return page.lines().filter(line -> line.startsWith(prefix))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).findFirst().orElse(0);
    }

    /**
     * The bytes the embedded stores wrote to their files so far and their commits, as the operator's metrics say: both
     * stores together, then the events' store alone.
     */
    private static double[] storeWrites(String metrics) {
        return new double[] {sumOf(metrics, "closeout_embedded_store_written_bytes_total"),
                sumOf(metrics, "closeout_embedded_store_commits_total"),
                counter(metrics, "closeout_embedded_store_written_bytes_total{store=\"events\"}"),
                counter(metrics, "closeout_embedded_store_commits_total{store=\"events\"}")};
    }

    /** The sizes of the embedded default's two files (decision 0020), the events' and the read models'. */
    private static long dataFiles(Path dataDir) throws IOException {
        return size(dataDir.resolve(EmbeddedMongoServer.FILE_NAME))
                + size(dataDir.resolve(EmbeddedMongoServer.READ_MODELS_FILE_NAME));
    }

    private static long size(Path file) throws IOException {
        return Files.exists(file) ? Files.size(file) : 0;
    }

    private record Phase(double perSecond, double p50, double p99, double firstTenth, double lastTenth, int late,
                         double cpuMillis) {
    }

    /** Whether a phase's slow commands come early (a JVM still compiling, a store still small) or all along. */
    private static String p99ByTenth(long[] latencyInOrderSent) {
        int count = latencyInOrderSent.length;
        StringBuilder tenths = new StringBuilder();
        for (int k = 0; k < 10 && count >= 10; k++) {
            long[] tenth = Arrays.copyOfRange(latencyInOrderSent, k * count / 10, (k + 1) * count / 10);
            Arrays.sort(tenth);
            tenths.append(k == 0 ? "" : " ").append(String.format("%.0f", percentile(tenth, 0.99)));
        }
        return tenths.toString();
    }

    private static double percentile(long[] sortedNanos, double quantile) {
        return sortedNanos[Math.min(sortedNanos.length - 1, (int) (sortedNanos.length * quantile))] / 1e6;
    }

    // ---------------------------------------------------------------- reads

    private void reads(int port, List<String> ids) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        ledgerReads(port, ids.size());
        readLatencies(port, "task view", () -> get(port, "/api/tasks/" + ids.get(random.nextInt(ids.size()))));
        for (String ledger : LEDGERS) {
            long start = System.nanoTime();
            String csv = get(port, "/api/ledgers/" + encode(ledger) + "/entries.csv");
            out.printf("whole-ledger CSV %s: %,d rows, %,d chars in %.2f s%n", ledger, csv.lines().count() - 1,
                    csv.length(), (System.nanoTime() - start) / 1e9);
        }
    }

    /** A ledger's figures and a page of its entries, of a random ledger each time. */
    private void ledgerReads(int port, int tasks) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int perLedger = tasks / LEDGERS.length;
        readLatencies(port, "ledger figures", () -> get(port, "/api/ledgers/" + encode(LEDGERS[random.nextInt(LEDGERS.length)])));
        readLatencies(port, "entries page 50", () -> get(port, "/api/ledgers/" + encode(LEDGERS[random.nextInt(LEDGERS.length)])
                + "/entries?limit=50&offset=" + random.nextInt(Math.max(1, perLedger - 50))));
    }

    /**
     * The tamper-evident history over the whole store: a digest of every chain head recorded on demand
     * (the first of the store, so every item's head), then the store verified against it, once each.
     */
    private void audit(int port) {
        long start = System.nanoTime();
        JsonNode digest = json(send(port, "supervisor", HttpRequest.newBuilder(uri(port, "/api/audit/digests"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")), 201).body());
        out.printf("audit digest: %,d chain heads up to global index %,d in %.2f s%n", digest.get("heads").asLong(),
                digest.get("highestGlobalIndex").asLong(), (System.nanoTime() - start) / 1e9);
        start = System.nanoTime();
        JsonNode verification = json(get(port, "/api/audit/verify"));
        double seconds = (System.nanoTime() - start) / 1e9;
        out.printf("audit-verify: %,d events in %.2f s = %,.0f events/s, verified %s%n",
                verification.get("events").asLong(), seconds, verification.get("events").asLong() / seconds,
                verification.get("verified").asBoolean());
        trailPages(port, digest.get("highestGlobalIndex").asLong());
    }

    /**
     * Pages of the audit trail (decision 0010) from random cursors: no filter, a department, a sparse
     * combination (a department user's closes: none, so every page looks through its whole look-ahead),
     * and today's events.
     */
    private void trailPages(int port, long events) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        String today = LocalDate.now(ZoneOffset.ofHours(8)).toString();
        String trail = "/api/audit/events?limit=100&after=";
        readLatencies(port, "trail page 100", () -> get(port, trail + random.nextLong(Math.max(1, events))));
        readLatencies(port, "trail department", () -> get(port, trail + random.nextLong(Math.max(1, events))
                + "&department=" + department(random.nextInt(DEPARTMENTS))));
        readLatencies(port, "trail sparse AND", () -> get(port, trail + random.nextLong(Math.max(1, events))
                + "&actor=" + user(random.nextInt(DEPARTMENTS)) + "&type=TaskClosed"));
        readLatencies(port, "trail today", () -> get(port, trail + random.nextLong(Math.max(1, events))
                + "&from=" + today + "&to=" + today));
    }

    /**
     * The reads' p50 and p99, their slowest three, and the JVM's garbage-collection pauses and the bytes the store wrote
     * while they ran (its compaction and shrink, from the operator's metrics, read before and after): whether a read's
     * tail is a pause landing on it, the store's maintenance, or the read itself.
     */
    private void readLatencies(int port, String name, Runnable read) {
        for (int i = 0; i < 20; i++) {
            read.run();
        }
        String before = metrics(port);
        long[] ownBefore = ownCollections();
        double jitBefore = reading == null ? 0 : reading.jitCpuSeconds();
        long[] nanos = new long[READ_SAMPLES];
        for (int i = 0; i < READ_SAMPLES; i++) {
            long start = System.nanoTime();
            read.run();
            nanos[i] = System.nanoTime() - start;
        }
        double jit = reading == null ? 0 : reading.jitCpuSeconds() - jitBefore;
        // which of the reads were the slowest: the first ones, still compiling, or any
        Integer[] order = new Integer[READ_SAMPLES];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, (a, b) -> Long.compare(nanos[b], nanos[a]));
        long[] own = ownCollections();
        String after = metrics(port);
        double[] pauses = gcPauses(after);
        double[] pausesBefore = gcPauses(before);
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        out.printf("read %-16s (1 client, %d reads): p50 %6.1f ms  p99 %7.1f ms  slowest %.0f (#%d), %.0f (#%d), %.0f ms (#%d); "
                        + "the JVM paused %.0f times meanwhile, %.0f ms in all; its JIT used %.0f ms of CPU; the store wrote %.1f MB; "
                        + "the benchmark's own JVM collected %d times, %d ms%n", name,
                READ_SAMPLES, percentile(sorted, 0.50), percentile(sorted, 0.99), nanos[order[0]] / 1e6, order[0] + 1,
                nanos[order[1]] / 1e6, order[1] + 1, nanos[order[2]] / 1e6, order[2] + 1, pauses[0] - pausesBefore[0],
                1000 * (pauses[1] - pausesBefore[1]), 1000 * jit, (storeWrites(after)[0] - storeWrites(before)[0]) / 1e6,
                own[0] - ownBefore[0], own[1] - ownBefore[1]);
    }

    /**
     * This JVM's own collections so far and their milliseconds: the client's pauses land on the reads it times as
     * much as the application's do.
     */
    private static long[] ownCollections() {
        long[] collections = new long[2];
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            collections[0] += Math.max(0, collector.getCollectionCount());
            collections[1] += Math.max(0, collector.getCollectionTime());
        }
        return collections;
    }

    /**
     * What the application's JVM has spent so far, or between two readings ({@link #since}): its CPU, of which its JIT
     * compiler's, and its garbage-collection pauses (their count and seconds, from the operator's metrics).
     */
    private record Spending(double cpuSeconds, double jitSeconds, double pauses, double pauseSeconds) {

        static Spending of(Forked app, String metrics) {
            double[] gc = gcPauses(metrics);
            return new Spending(app.cpu().toNanos() / 1e9, app.jitCpuSeconds(), gc[0], gc[1]);
        }

        Spending since(Spending before) {
            return new Spending(cpuSeconds - before.cpuSeconds, jitSeconds - before.jitSeconds, pauses - before.pauses,
                    pauseSeconds - before.pauseSeconds);
        }
    }

    /** The JVM's garbage-collection pauses so far, every collector and cause together: their count and seconds. */
    private static double[] gcPauses(String metrics) {
        return new double[] {sumOf(metrics, "jvm_gc_pause_seconds_count"), sumOf(metrics, "jvm_gc_pause_seconds_sum")};
    }

    /** The sum of every line of a Prometheus page for the metric {@code name}, whatever its labels. */
    private static double sumOf(String page, String name) {
        return page.lines().filter(line -> line.startsWith(name + "{") || line.startsWith(name + " "))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    /**
     * Seconds until every processor's read model holds every stored event, so that reads are measured on a store
     * at rest, as they are after the restart (side by side), not against read models still catching up.
     */
    private double caughtUp(int port) throws InterruptedException {
        return caughtUp(port, true);
    }

    private double caughtUp(int port, boolean report) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + TimeUnit.MINUTES.toNanos(30);
        Map<String, Double> lastBehind = new LinkedHashMap<>();
        while (System.nanoTime() < deadline) {
            boolean done = true;
            double now = (System.nanoTime() - start) / 1e9;
            for (JsonNode processor : json(getAs(port, "supervisor", "/api/admin/projections"))) {
                boolean caughtUp = processor.get("caughtUp").asBoolean() && !processor.get("replaying").asBoolean();
                if (!caughtUp) {
                    lastBehind.put(processor.get("name").asText(), now);
                }
                done &= caughtUp;
            }
            if (done && !report) {
                return now;
            }
            if (done) {
                // the processors that trailed longest, each with when it was last seen behind
                out.print("read models last behind:");
                lastBehind.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                        .forEach(entry -> out.printf(" %s %.1f s,", entry.getKey(), entry.getValue()));
                out.println(lastBehind.isEmpty() ? " none" : "");
                return now;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("The read models did not catch up within 30 minutes");
    }

    private void rebuild(int port) throws InterruptedException {
        long start = System.nanoTime();
        send(port, "supervisor", HttpRequest.newBuilder(uri(port, "/api/admin/projections/rebuild"))
                .POST(HttpRequest.BodyPublishers.noBody()), 202);
        // the answer comes once every read model was stopped, cleared and started again
        double resetSeconds = (System.nanoTime() - start) / 1e9;
        long deadline = start + TimeUnit.MINUTES.toNanos(30);
        boolean seenReplaying = false;
        Map<String, Double> lastReplaying = new LinkedHashMap<>();
        while (System.nanoTime() < deadline) {
            JsonNode status = json(getAs(port, "supervisor", "/api/admin/projections"));
            boolean done = true;
            double now = (System.nanoTime() - start) / 1e9;
            for (JsonNode processor : status) {
                seenReplaying |= processor.get("replaying").asBoolean();
                boolean finished = !processor.get("replaying").asBoolean() && processor.get("caughtUp").asBoolean();
                if (!finished) {
                    lastReplaying.put(processor.get("name").asText(), now);
                }
                done &= finished;
            }
            // a status read before the reset took effect would look caught up
            if (done && (seenReplaying || System.nanoTime() - start > TimeUnit.SECONDS.toNanos(5))) {
                rebuildSeconds = (System.nanoTime() - start) / 1e9;
                out.printf("rebuild, the read models reset in %.1f s, each last seen replaying:", resetSeconds);
                lastReplaying.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                        .forEach(seen -> out.printf(" %s %.1f s,", seen.getKey(), seen.getValue()));
                out.println();
                return;
            }
            Thread.sleep(100);
        }
        out.println("rebuild of every read model: not finished within 30 minutes");
    }

    private static String heapAfterGc(long pid) {
        try {
            run("jcmd", String.valueOf(pid), "GC.run");
            String info = run("jcmd", String.valueOf(pid), "GC.heap_info");
            Matcher used = Pattern.compile("total (\\d+)K, used (\\d+)K").matcher(info);
            return used.find() ? String.format("%,d MB used of %,d MB committed",
                    Long.parseLong(used.group(2)) / 1024, Long.parseLong(used.group(1)) / 1024) : info.strip();
        } catch (IOException | InterruptedException e) {
            return "not measured (" + e + ")";
        }
    }

    /**
     * The restart again, the jar run as operations.md runs it on a server without the image: Spring Boot's extracted
     * layout, with a class-data-sharing archive made by a training start on a scratch directory. The single jar the
     * README's command runs reads every class from inside itself.
     */
    private void restartAsOperationsRunsIt(String jar, Path root, Path dataDir, int tasks) throws Exception {
        Path extracted = root.resolve("extracted");
        String extraction = run(Forked.JAVA, "-Djarmode=tools", "-jar", jar, "extract", "--destination", extracted.toString());
        Path layout = extracted.resolve("closeout.jar");
        if (!Files.exists(layout)) {
            out.printf("restart to ready, extracted layout: not measured (%s)%n", extraction.strip());
            return;
        }
        Path archive = extracted.resolve("closeout.jsa");
        Forked training = Forked.launch(layout.toString(), root, root.resolve("training"), "training",
                "-XX:ArchiveClassesAtExit=" + archive, "-Dspring.context.exit=onRefresh");
        if (!training.process().waitFor(5, TimeUnit.MINUTES) || !Files.exists(archive)) {
            training.stop();
            out.printf("restart to ready, extracted layout: not measured (no archive; see %s)%n", training.log());
            return;
        }
        Forked restarted = Forked.launch(layout.toString(), root, dataDir, "restarted-extracted",
                "-XX:SharedArchiveFile=" + archive);
        try {
            out.printf("restart to ready (%,d tasks stored), as operations.md runs the jar (extracted, with a "
                    + "class-data-sharing archive of %,d MB): %.1f s%n", tasks, Files.size(archive) / (1024 * 1024),
                    restarted.awaitReady(this));
        } finally {
            restarted.stop();
        }
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor();
        return output;
    }

    // ---------------------------------------------------------------- the store itself

    private record StoredEvents(long count, long bytes, List<RawBsonDocument> templates, List<Document> indexes,
                                Map<String, long[]> collections) {
    }

    /** Counts the events and their raw BSON bytes, and keeps some as templates for raw inserts. */
    private static StoredEvents storedEvents(Path dataDir) {
        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(dataDir);
             EmbeddedMongoServer readModelServer = EmbeddedMongoServer.startReadModels(dataDir, server);
             MongoClient client = MongoClients.create(server.clientSettings());
             MongoClient readModelClient = MongoClients.create(readModelServer.clientSettings())) {
            MongoCollection<RawBsonDocument> events = client.getDatabase("closeout").getCollection("events", RawBsonDocument.class);
            long count = 0;
            long bytes = 0;
            List<RawBsonDocument> templates = new ArrayList<>();
            for (RawBsonDocument event : events.find().batchSize(1_000)) {
                count++;
                bytes += event.getByteBuffer().remaining();
                if (templates.size() < 5_000) {
                    templates.add(event);
                }
            }
            List<Document> indexes = new ArrayList<>();
            client.getDatabase("closeout").getCollection("events").listIndexes().forEach(indexes::add);
            return new StoredEvents(count, bytes, templates, indexes,
                    collections(List.of(client, readModelClient), count, bytes));
        }
    }

    /**
     * The data files' size once each store, with no command coming and nobody reading, has shrunk its file (its log
     * says "Shrunk" after "Shrinking"), a store that has not started to within {@link #QUIET_START_SECONDS} counting
     * as done; waited for at most {@link #QUIET_MAX_SECONDS}. Returns the size, the seconds waited and 1 if a store
     * shrank its file and every store that started to said it had.
     */
    private static long[] quietFileSize(Path dataDir, Path log) throws IOException, InterruptedException {
        long start = System.nanoTime();
        List<Path> files = List.of(dataDir.resolve(EmbeddedMongoServer.FILE_NAME),
                dataDir.resolve(EmbeddedMongoServer.READ_MODELS_FILE_NAME));
        Map<Path, long[]> before = new LinkedHashMap<>();
        for (Path file : files) {
            before.put(file, shrinkLines(log, file));
        }
        boolean shrunk = false;
        while (TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start) < QUIET_MAX_SECONDS) {
            Thread.sleep(1_000);
            int started = 0;
            int unfinished = 0;
            for (Path file : files) {
                long[] now = shrinkLines(log, file);
                long startedSince = now[0] - before.get(file)[0];
                started += startedSince > 0 ? 1 : 0;
                unfinished += startedSince > 0 && now[1] - before.get(file)[1] < startedSince ? 1 : 0;
            }
            // a store that has not started by then will not: it had little to give back
            boolean late = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start) >= QUIET_START_SECONDS;
            if (unfinished == 0 && (started == files.size() || late)) {
                shrunk = started > 0;
                break;
            }
        }
        return new long[] {dataFiles(dataDir), TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start), shrunk ? 1 : 0};
    }

    /** The log's lines saying the store of {@code file} started to shrink it, and that it had. */
    private static long[] shrinkLines(Path log, Path file) throws IOException {
        String name = file.toAbsolutePath().normalize().toString();
        return new long[] {lines(log, "Shrinking " + name + ":"), lines(log, "Shrunk " + name + " ")};
    }

    /** The value of a gauge on a Prometheus page, as printed there; {@code name} with its labels, if it has any. */
    private static String gauge(String page, String name) {
        return page.lines().filter(line -> line.startsWith(name + " ")).map(line -> line.substring(name.length() + 1))
                .findFirst().orElse("?");
    }

    private static long lines(Path log, String containing) throws IOException {
        try (Stream<String> lines = Files.lines(log)) {
            return lines.filter(line -> line.contains(containing)).count();
        }
    }

    /** Documents and raw BSON bytes of every collection of the stores, largest first; the events as counted. */
    private static Map<String, long[]> collections(List<MongoClient> clients, long events, long eventBytes) {
        Map<String, long[]> sizes = new LinkedHashMap<>();
        sizes.put("events", new long[] {events, eventBytes});
        for (MongoClient client : clients) {
            for (String name : client.getDatabase("closeout").listCollectionNames()) {
                if (sizes.containsKey(name)) {
                    continue;
                }
                long[] size = new long[2];
                for (RawBsonDocument document : client.getDatabase("closeout").getCollection(name, RawBsonDocument.class)
                        .find().batchSize(1_000)) {
                    size[0]++;
                    size[1] += document.getByteBuffer().remaining();
                }
                sizes.put(name, size);
            }
        }
        Map<String, long[]> largestFirst = new LinkedHashMap<>();
        sizes.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue()[1], a.getValue()[1]))
                .forEach(entry -> largestFirst.put(entry.getKey(), entry.getValue()));
        return largestFirst;
    }

    /**
     * The rate of raw durable inserts, and the CPU this JVM spent on each (the store's and the driver's), after
     * {@code warmUpRounds} untimed rounds, the JIT's compiler threads using {@code jitShare} of a core in the last.
     */
    private record RawInserts(double perSecond, double cpuMillis, int warmUpRounds, double jitShare) {
    }

    /**
     * Inserts copies of the run's events into a new store with the event store's indexes; every insert
     * awaits its group commit. A copy has a fresh {@code _id}, a time-ordered event identifier as the application
     * makes them, and its template's aggregate with a later sequence number, so that it lands in the indexes where a
     * later event of that aggregate would. Untimed first, in rounds of {@link #RAW_INSERT_WARM_UP} until this JVM's JIT
     * compiler threads use less than a tenth of a core in a round (at most {@link #RAW_INSERT_WARM_UP_MAX_ROUNDS}), as
     * the commands are timed once the application's JIT has settled: with one round of 5 s, the same code measured
     * 0.475 ms of CPU an insert in a JVM that had inserted nothing before and 0.190 ms in one that had inserted at
     * 1,000 tasks first (session 30). Then timed for {@link #RAW_INSERT_TIME}, with this JVM's CPU meanwhile (the
     * application is stopped).
     */
    private static RawInserts rawDurableInserts(Path dataDir, List<RawBsonDocument> templates, List<Document> indexes)
            throws Exception {
        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(dataDir);
             MongoClient client = MongoClients.create(server.clientSettings())) {
            MongoCollection<BsonDocument> events = client.getDatabase("closeout").getCollection("events", BsonDocument.class);
            for (Document index : indexes) {
                if (!"_id_".equals(index.getString("name"))) {
                    events.createIndex(index.get("key", Document.class).toBsonDocument(),
                            new IndexOptions().unique(index.getBoolean("unique", false)).name(index.getString("name")));
                }
            }
            // decoded once, so that the CPU an insert counts the store's and the driver's work, not the copying
            List<BsonDocument> decoded = templates.stream().map(template -> template.decode(BSON_DOCUMENTS)).toList();
            AtomicLong next = new AtomicLong();
            ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
            try {
                long pid = ProcessHandle.current().pid();
                int rounds = 0;
                double jitShare;
                do {
                    double jitBefore = jitCpuSeconds(pid);
                    insertCopies(events, server, decoded, next, pool, RAW_INSERT_WARM_UP);
                    rounds++;
                    jitShare = (jitCpuSeconds(pid) - jitBefore) / RAW_INSERT_WARM_UP.toSeconds();
                } while (jitShare >= JIT_SETTLED && rounds < RAW_INSERT_WARM_UP_MAX_ROUNDS);
                long first = next.get();
                double cpuBefore = ownCpuSeconds();
                long start = System.nanoTime();
                insertCopies(events, server, decoded, next, pool, RAW_INSERT_TIME);
                double seconds = (System.nanoTime() - start) / 1e9;
                long inserted = next.get() - first;
                return new RawInserts(inserted / seconds, (ownCpuSeconds() - cpuBefore) * 1000 / inserted, rounds,
                        jitShare);
            } finally {
                pool.shutdown();
            }
        }
    }

    private static void insertCopies(MongoCollection<BsonDocument> events, EmbeddedMongoServer server,
                                     List<BsonDocument> templates, AtomicLong next, ExecutorService pool,
                                     Duration time) throws Exception {
        long end = System.nanoTime() + time.toNanos();
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < CLIENTS; t++) {
            futures.add(pool.submit(() -> {
                while (System.nanoTime() < end) {
                    long id = next.getAndIncrement();
                    BsonDocument template = templates.get((int) (id % templates.size()));
                    BsonDocument event = new BsonDocument();
                    event.putAll(template);
                    long round = 1 + id / templates.size();
                    event.put("_id", new BsonInt64(id));
                    event.put("aggregateKey", new BsonString(template.getString("aggregateIdentifier").getValue() + "/"
                            + (template.getNumber("sequenceNumber").longValue() + 1_000 * round)));
                    event.put("eventIdentifier", new BsonString(TimeOrderedIds.next()));
                    events.insertOne(event);
                    server.durability().awaitDurable();
                }
                return null;
            }));
        }
        for (Future<?> future : futures) {
            future.get();
        }
    }

    // ---------------------------------------------------------------- HTTP

    private JsonNode post(int port, String user, String path, Map<String, ?> body) {
        return json(send(port, user, HttpRequest.newBuilder(uri(port, path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(write(body))), 201).body());
    }

    /** A command: true when answered 200, false for a 202 (the view lagged beyond the API's wait). */
    private boolean command(int port, String user, String path, Map<String, ?> body) {
        HttpResponse<String> response = send(port, user, HttpRequest.newBuilder(uri(port, path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(write(body))), 0);
        if (response.statusCode() != 200 && response.statusCode() != 202) {
            throw new IllegalStateException(path + " answered " + response.statusCode() + " " + response.body());
        }
        return response.statusCode() == 200;
    }

    private String get(int port, String path) {
        return send(port, "auditor", HttpRequest.newBuilder(uri(port, path)).GET(), 200).body();
    }

    private String getAs(int port, String user, String path) {
        return send(port, user, HttpRequest.newBuilder(uri(port, path)).GET(), 0).body();
    }

    private int status(int port, String user, String path) {
        return send(port, user, HttpRequest.newBuilder(uri(port, path)).GET(), 0).statusCode();
    }

    private HttpResponse<String> send(int port, String user, HttpRequest.Builder request, int expected) {
        request.header("Authorization", authorizations.computeIfAbsent(user, u -> "Basic "
                + Base64.getEncoder().encodeToString((u + ":" + u).getBytes(StandardCharsets.UTF_8))));
        request.timeout(Duration.ofMinutes(2));
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (expected != 0 && response.statusCode() != expected) {
                throw new IllegalStateException(request.build().uri() + " answered " + response.statusCode() + " " + response.body());
            }
            return response;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static URI uri(int port, String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String write(Object body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException("Not JSON: " + body, e);
        }
    }

    // ---------------------------------------------------------------- the forked application

    /** The packaged jar in a JVM of its own, on its embedded default, with the benchmark's users. */
    private record Forked(Process process, int port, Path log, long started) {

        /** The java of the JVM running the benchmark, which runs the jar. */
        static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

        static Forked launch(String jar, Path root, Path dataDir, String name, String... arguments) throws IOException {
            int port;
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = socket.getLocalPort();
            }
            Path log = root.resolve(name + ".log");
            List<String> command = new ArrayList<>();
            command.add(JAVA);
            String jvmOptions = System.getProperty("bench.jvm", "").replace("{name}", name);
            if (!jvmOptions.isBlank()) {
                command.addAll(Arrays.asList(jvmOptions.trim().split("\\s+")));
            }
            // a variant's JVM options (-XX:..., -Xss..., -D...) go to the JVM, the rest to the application
            Arrays.stream(arguments).filter(argument -> argument.startsWith("-X") || argument.startsWith("-D"))
                    .forEach(command::add);
            command.addAll(List.of("-jar", Path.of(jar).toAbsolutePath().toString(), "--server.port=" + port));
            Arrays.stream(arguments).filter(argument -> !argument.startsWith("-X") && !argument.startsWith("-D"))
                    .forEach(command::add);
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(root.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
            Map<String, String> environment = builder.environment();
            environment.keySet().removeIf(variable -> variable.toUpperCase(Locale.ROOT).startsWith("SPRING")
                    || variable.toUpperCase(Locale.ROOT).startsWith("CLOSEOUT_") || variable.equalsIgnoreCase("SERVER_PORT"));
            environment.put("CLOSEOUT_DATA_DIR", dataDir.toString());
            environment.put("SPRING_APPLICATION_JSON", users());
            return new Forked(builder.start(), port, log, System.nanoTime());
        }

        /**
         * The embedded profile's demo users name two departments; the county has 42. Every user's
         * password is its name, as for the demo users ({@code SPRING_APPLICATION_JSON} replaces the
         * whole list).
         */
        private static String users() {
            BCryptPasswordEncoder bcrypt = new BCryptPasswordEncoder(4);
            List<Map<String, String>> users = new ArrayList<>();
            users.add(Map.of("name", "supervisor", "password", "{bcrypt}" + bcrypt.encode("supervisor"), "role", "SUPERVISOR"));
            users.add(Map.of("name", "auditor", "password", "{bcrypt}" + bcrypt.encode("auditor"), "role", "AUDITOR"));
            users.add(Map.of("name", "operator", "password", "{bcrypt}" + bcrypt.encode("operator"), "role", "OPERATOR"));
            for (int d = 0; d < DEPARTMENTS; d++) {
                String department = department(d);
                String name = department.toLowerCase(Locale.ROOT);
                users.add(Map.of("name", name, "password", "{bcrypt}" + bcrypt.encode(name), "role", "DEPARTMENT",
                        "department", department));
            }
            return write(Map.of("closeout", Map.of("security", Map.of("demo-users", true, "users", users))));
        }

        long pid() {
            return process.pid();
        }

        /** The CPU seconds the application's JIT compiler threads have used so far ({@link #jitCpuSeconds(long)}). */
        double jitCpuSeconds() {
            return CountyBenchmark.jitCpuSeconds(pid());
        }

        /** The CPU time the application's JVM has used so far, all its threads. */
        Duration cpu() {
            return cpuOf(process.toHandle());
        }

        /** Seconds from the process start until a signed-in read answers. */
        double awaitReady(CountyBenchmark benchmark) throws Exception {
            long deadline = started + READY_TIMEOUT.toNanos();
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("The application exited: " + Files.readString(log));
                }
                try {
                    if (benchmark.status(port, "auditor", "/api/ledgers") == 200) {
                        return (System.nanoTime() - started) / 1e9;
                    }
                } catch (UncheckedIOException notListeningYet) {
                    // polled again below
                }
                Thread.sleep(50);
            }
            throw new IllegalStateException("Not ready within " + READY_TIMEOUT + ": " + Files.readString(log));
        }

        double stop() throws InterruptedException {
            long start = System.nanoTime();
            process.destroy();
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly().waitFor();
            }
            return (System.nanoTime() - start) / 1e9;
        }
    }

    /** Writes to two streams, so the report is both on the console and in a file. */
    private static final class Tee extends java.io.OutputStream {
        private final java.io.OutputStream first;
        private final java.io.OutputStream second;

        Tee(java.io.OutputStream first, java.io.OutputStream second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public void write(int b) throws IOException {
            first.write(b);
            second.write(b);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            first.write(bytes, offset, length);
            second.write(bytes, offset, length);
        }

        @Override
        public void flush() throws IOException {
            first.flush();
            second.flush();
        }
    }

    private static void copyRecursively(Path from, Path to) throws IOException {
        Files.createDirectories(to.toAbsolutePath().getParent());
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : paths.toList()) {
                Files.copy(path, to.resolve(from.relativize(path).toString()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private static void deleteRecursively(Path directory) throws IOException {
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
