package dev.closeout.application.benchmark;

import com.fasterxml.jackson.databind.ObjectMapper;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import dev.closeout.application.CloseoutApplication;
import dev.closeout.application.infrastructure.axon.AppendedVersion;
import dev.closeout.application.infrastructure.readmodel.ReadYourWrites;
import dev.closeout.domain.common.Actor;
import dev.closeout.domain.task.TaskCommand;
import dev.closeout.domain.task.TaskId;
import dev.closeout.projections.task.TaskViews;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * End-to-end command benchmark: starts the whole application in this JVM (once per store) and
 * measures commands/s and p50/p99 latency of a realistic task lifecycle (register, claim, two
 * progress reports, closure request, close) through the {@code CommandGateway} and through HTTP
 * (Basic auth, JSON, read-your-writes wait included), with 1 and 8 client threads, plus the
 * projection lag: time from a gateway command's answer until the task view holds its version.
 * Stores, side by side: the embedded default (H2 file, durable through group commit) and the
 * embedded server on its in-memory backend (reached through {@code spring.data.mongodb.uri}).
 * Gateway clients wait for the view after each command, as the HTTP API does, so both channels
 * do the same work per command. Ratios H2 / memory are printed at the end. Takes about two
 * minutes.
 *
 * <p>Not a test. Run it from the repository root:
 * <pre>
 * ./mvnw -q -o test-compile -pl application -am
 * ./mvnw -q -o dependency:build-classpath -pl application -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.cp
 * java -cp domain/target/classes:projections/target/classes:application/target/classes:application/target/test-classes:$(cat application/target/bench.cp) \
 *      dev.closeout.application.benchmark.CommandBenchmark [seconds per measurement, default 6]
 * </pre>
 * The module directories come first on the class path so that this checkout's classes win over
 * whatever closeout jars the local Maven repository holds.
 */
public final class CommandBenchmark {

    private static final int[] CLIENTS = {1, 8};
    private static final String[] LEDGERS = {"督查台账", "民生台账", "项目台账", "整改台账"};
    private static final String[] DEPARTMENTS = {"DEPT-A", "DEPT-B"};
    private static final Actor SUPERVISOR = Actor.supervisor("supervisor");

    private CommandBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("axoniq.update-checker.disabled", "true");
        long seconds = args.length > 0 ? Long.parseLong(args[0]) : 6;
        Map<String, Map<String, Result>> results = new LinkedHashMap<>();
        Path dataDir = Files.createTempDirectory("closeout-bench");
        try {
            results.put("h2-file", run("h2-file", seconds, "--closeout.data-dir=" + dataDir));
        } finally {
            deleteRecursively(dataDir);
        }
        MongoServer memory = new MongoServer(new MemoryBackend());
        memory.bind("127.0.0.1", 0);
        try {
            results.put("memory", run("memory", seconds, "--spring.data.mongodb.uri=mongodb://127.0.0.1:"
                    + memory.getLocalAddress().getPort() + "/bench", "--closeout.security.demo-users-on-mongodb=true"));
        } finally {
            memory.shutdownNow();
        }
        printRatios(results.get("h2-file"), results.get("memory"));
        // Axon and the H2 server leave non-daemon threads behind
        System.exit(0);
    }

    private static Map<String, Result> run(String store, long seconds, String... properties) throws Exception {
        SpringApplication application = new SpringApplication(CloseoutApplication.class);
        application.setAdditionalProfiles("embedded");
        List<String> arguments = new ArrayList<>(List.of("--server.port=0", "--logging.level.root=WARN",
                "--logging.level.dev.closeout=ERROR", "--spring.main.banner-mode=off"));
        arguments.addAll(List.of(properties));
        Map<String, Result> results = new LinkedHashMap<>();
        try (ConfigurableApplicationContext context = application.run(arguments.toArray(String[]::new))) {
            Clients clients = new Clients(context);
            System.out.printf("%n== %s ==%n", store);
            // untimed: JIT compilation, connection pools, first documents
            measure(clients, "gateway", 4, 3);
            measure(clients, "http", 4, 3);
            for (int threads : CLIENTS) {
                for (String channel : List.of("gateway", "http")) {
                    Result result = measure(clients, channel, threads, seconds);
                    results.put(channel + " x" + threads, result);
                    System.out.printf("%-8s %-8s %2d clients: %7.1f commands/s  p50 %6.2f ms  p99 %7.2f ms%s%n",
                            store, channel, threads, result.perSecond(), result.latency().p50(),
                            result.latency().p99(), result.lag() == null ? ""
                                    : String.format("  | view lag p50 %5.2f ms  p99 %6.2f ms",
                                    result.lag().p50(), result.lag().p99()));
                }
            }
        }
        return results;
    }

    /** Each client thread runs task lifecycles for the given time; counts the commands answered. */
    private static Result measure(Clients clients, String channel, int threads, long seconds) throws Exception {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<Samples>> futures = new ArrayList<>();
        long start = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            futures.add(pool.submit(() -> {
                Samples samples = new Samples();
                while (System.nanoTime() < end) {
                    if (channel.equals("gateway")) {
                        clients.gatewayLifecycle(samples);
                    } else {
                        clients.httpLifecycle(samples);
                    }
                }
                return samples;
            }));
        }
        Samples all = new Samples();
        for (Future<Samples> future : futures) {
            all.add(future.get());
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        return new Result(all.latencies.size() / elapsed, Percentiles.of(all.latencies),
                all.lags.isEmpty() ? null : Percentiles.of(all.lags));
    }

    private static void printRatios(Map<String, Result> h2, Map<String, Result> memory) {
        System.out.printf("%n== H2 file / memory ==%n");
        h2.forEach((run, file) -> {
            Result mem = memory.get(run);
            System.out.printf("%-11s throughput %5.2fx  p50 %5.2fx  p99 %5.2fx%s%n", run,
                    file.perSecond() / mem.perSecond(), file.latency().p50() / mem.latency().p50(),
                    file.latency().p99() / mem.latency().p99(), file.lag() == null ? ""
                            : String.format("  view lag p50 %5.2fx  p99 %5.2fx",
                            file.lag().p50() / mem.lag().p50(), file.lag().p99() / mem.lag().p99()));
        });
    }

    /** The same lifecycle through the gateway (as the application's own services) and over HTTP. */
    private static final class Clients {
        private final CommandGateway gateway;
        private final TaskViews views;
        private final ReadYourWrites readYourWrites;
        private final ObjectMapper json = new ObjectMapper();
        private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        private final String base;

        Clients(ConfigurableApplicationContext context) {
            this.gateway = context.getBean(CommandGateway.class);
            this.views = context.getBean(TaskViews.class);
            this.readYourWrites = context.getBean(ReadYourWrites.class);
            this.base = "http://127.0.0.1:" + ((WebServerApplicationContext) context).getWebServer().getPort();
        }

        void gatewayLifecycle(Samples samples) {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            String department = DEPARTMENTS[random.nextInt(DEPARTMENTS.length)];
            Actor lead = Actor.department(department.toLowerCase(), department);
            TaskId id = TaskId.generate();
            Stream.of(
                    new TaskCommand.RegisterTask(id, LEDGERS[random.nextInt(LEDGERS.length)], "巡查发现问题整改",
                            null, department, null, null, null, LocalDate.now().plusDays(30), SUPERVISOR, null),
                    new TaskCommand.ClaimTask(id, lead),
                    new TaskCommand.ReportProgress(id, "已完成现场核查", 40, lead),
                    new TaskCommand.ReportProgress(id, "整改方案已落实", 80, lead),
                    new TaskCommand.RequestClosure(id, "整改报告及照片", lead),
                    new TaskCommand.CloseTask(id, SUPERVISOR)
            ).forEach(command -> {
                long start = System.nanoTime();
                Object answer = gateway.sendAndWait(command);
                long acknowledged = System.nanoTime();
                long version = answer instanceof AppendedVersion.Holder holder
                        ? holder.sequence().orElse(0) : 0;
                if (!readYourWrites.await(id.value(), version, views::version)) {
                    throw new IllegalStateException("Task view of " + id + " did not reach " + version);
                }
                samples.latencies.add(acknowledged - start);
                samples.lags.add(System.nanoTime() - acknowledged);
            });
        }

        void httpLifecycle(Samples samples) {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            String department = DEPARTMENTS[random.nextInt(DEPARTMENTS.length)];
            String lead = department.toLowerCase();
            String id = post(samples, "supervisor", "/api/tasks", Map.of(
                    "ledger", LEDGERS[random.nextInt(LEDGERS.length)], "title", "巡查发现问题整改",
                    "leadDepartment", department, "dueDate", LocalDate.now().plusDays(30).toString()), 201)
                    .get("taskId").toString();
            String task = "/api/tasks/" + id;
            post(samples, lead, task + "/claim", Map.of(), 200);
            post(samples, lead, task + "/progress", Map.of("note", "已完成现场核查", "percentComplete", 40), 200);
            post(samples, lead, task + "/progress", Map.of("note", "整改方案已落实", "percentComplete", 80), 200);
            post(samples, lead, task + "/closure-request", Map.of("evidence", "整改报告及照片"), 200);
            post(samples, "supervisor", task + "/close", Map.of(), 200);
        }

        private Map<?, ?> post(Samples samples, String user, String path, Map<String, ?> body, int expected) {
            try {
                HttpRequest request = HttpRequest.newBuilder(URI.create(base + path))
                        .header("Authorization", "Basic " + Base64.getEncoder()
                                .encodeToString((user + ":" + user).getBytes(StandardCharsets.UTF_8)))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)))
                        .build();
                long start = System.nanoTime();
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                samples.latencies.add(System.nanoTime() - start);
                if (response.statusCode() != expected) {
                    throw new IllegalStateException(path + " answered " + response.statusCode() + " "
                            + response.body());
                }
                return json.readValue(response.body(), Map.class);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private static final class Samples {
        final List<Long> latencies = new ArrayList<>();
        final List<Long> lags = new ArrayList<>();

        void add(Samples other) {
            latencies.addAll(other.latencies);
            lags.addAll(other.lags);
        }
    }

    private record Percentiles(double p50, double p99) {
        static Percentiles of(List<Long> nanos) {
            long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
            return new Percentiles(sorted[sorted.length / 2] / 1e6, sorted[(int) (sorted.length * 0.99)] / 1e6);
        }
    }

    private record Result(double perSecond, Percentiles latency, Percentiles lag) {
    }

    private static void deleteRecursively(Path directory) throws IOException {
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
