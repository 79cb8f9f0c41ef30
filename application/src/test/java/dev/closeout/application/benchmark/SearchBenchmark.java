package dev.closeout.application.benchmark;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import dev.closeout.application.deadline.Colours;
import dev.closeout.application.infrastructure.mongo.EmbeddedMongoServer;
import dev.closeout.application.search.SearchService;
import dev.closeout.domain.common.Actor;
import dev.closeout.domain.common.Role;
import dev.closeout.domain.complaint.Complainant;
import dev.closeout.domain.complaint.ComplaintChannel;
import dev.closeout.domain.complaint.ComplaintEvent;
import dev.closeout.domain.complaint.ComplaintId;
import dev.closeout.domain.task.TaskEvent;
import dev.closeout.domain.task.TaskId;
import dev.closeout.domain.task.TaskSource;
import dev.closeout.domain.time.Colour;
import dev.closeout.domain.time.DeadlinePolicy;
import dev.closeout.projections.search.SearchIndex;
import dev.closeout.projections.search.SearchProjection;
import dev.closeout.projections.support.OfficeZone;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

/**
 * Search at county scale (not part of the build; run with
 * {@code ./mvnw -o -q -pl application -am test -Dtest=SearchBenchmark -Dsurefire.failIfNoSpecifiedTests=false}):
 * 9,000 tasks and 1,000 complaints with titles and descriptions in mixed script, fed through the search
 * projection into the embedded server (memory, then the application's H2 store), an index loaded from
 * it, then 1,000 searches of one to three words with random ledger, status and colour filters, every
 * tenth after a progress report so that it catches up first. Prints the load time, heap held and the
 * latency percentiles of {@link SearchService#search} (index, colours judged, ranking). It prints and
 * asserts nothing about time: the figures go to docs/measurements.md.
 */
class SearchBenchmark {

    private static final int TASKS = Integer.getInteger("bench.search.tasks", 9_000);
    private static final int COMPLAINTS = Integer.getInteger("bench.search.complaints", 1_000);
    private static final String[] PHRASES = {"人居环境整治", "農村人居環境整治", "污水处理厂建设", "垃圾分类", "道路硬化",
            "危房改造", "供水管网改造", "营商环境优化", "招商引资项目", "高标准农田建设", "乡村振兴", "鄉村振興示範村",
            "文旅融合发展", "老旧小区改造", "舊城改造", "安全生产检查", "森林防火", "河道清淤", "黑臭水体治理",
            "义务教育学校建设", "医疗卫生服务", "養老服務中心", "就业创业服务", "电商产业园", "光伏发电项目",
            "交通基础设施", "城市更新", "停车场建设", "夜间施工噪音", "物业服务纠纷", "拖欠农民工工资", "占道经营",
            "前期手续办理", "土地征收", "项目开工", "资金拨付", "群众满意度", "整改落实", "督查检查发现问题"};
    private static final String[] DEPARTMENTS = {"县住建局", "县自然资源局", "县农业农村局", "县生态环境局", "县交通运输局",
            "县教育局", "县卫健局", "县人社局", "县商务局", "县文旅局", "县应急局", "县水务局", "县城管局", "县發改局"};
    private static final String[] LEDGERS = {"2023 三抓三促 攻坚任务台账", "民生实事台账", "营商环境台账", "督查整改台账"};
    private static final Actor SUPERVISOR = new Actor("bench", Role.SUPERVISOR, null);

    @Test
    void search_at_county_scale_on_the_memory_backend() {
        MongoServer server = new MongoServer(new MemoryBackend());
        server.bind("127.0.0.1", 0);
        try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + server.getLocalAddress().getPort())) {
            run("memory", client.getDatabase("closeout"));
        } finally {
            server.shutdownNow();
        }
    }

    @Test
    void search_at_county_scale_on_the_embedded_h2_store() throws Exception {
        Path dir = Files.createTempDirectory("search-bench");
        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(dir);
             MongoClient client = MongoClients.create(server.clientSettings())) {
            run("H2", client.getDatabase("closeout"));
        }
    }

    private void run(String backend, MongoDatabase database) {
        Random random = new Random(12);
        Clock clock = Clock.systemUTC();
        LocalDate today = LocalDate.now(clock);
        SearchProjection projection = new SearchProjection(database);
        AnnotationEventHandlerAdapter handlers = new AnnotationEventHandlerAdapter(projection);
        List<String> taskIds = new ArrayList<>();
        long started = System.nanoTime();
        for (int i = 0; i < TASKS; i++) {
            TaskId id = new TaskId(UUID.randomUUID().toString());
            taskIds.add(id.value());
            String title = phrase(random) + phrase(random);
            String description = String.join("，", phrase(random), phrase(random), phrase(random), phrase(random),
                    "按照倒排工期推进，每周报送进展", phrase(random));
            handle(handlers, "Task", id.value(), 0, new TaskEvent.TaskRegistered(id, LEDGERS[i % LEDGERS.length],
                    title, description, DEPARTMENTS[random.nextInt(DEPARTMENTS.length)], List.of(), null,
                    TaskSource.SELF_IDENTIFIED, today.plusDays(random.nextInt(90) - 20), SUPERVISOR, null));
            if (i % 2 == 0) {
                handle(handlers, "Task", id.value(), 1, new TaskEvent.TaskClaimed(id, SUPERVISOR));
            }
        }
        for (int i = 0; i < COMPLAINTS; i++) {
            ComplaintId id = new ComplaintId(UUID.randomUUID().toString());
            handle(handlers, "Complaint", id.value(), 0, new ComplaintEvent.ComplaintReceived(id,
                    ComplaintChannel.values()[0], null, phrase(random) + "问题", phrase(random) + "，请尽快处理",
                    new Complainant("张三", "13900001111"), null, Instant.now(), SUPERVISOR));
            handle(handlers, "Complaint", id.value(), 1, new ComplaintEvent.ComplaintAssigned(id,
                    DEPARTMENTS[random.nextInt(DEPARTMENTS.length)], today.plusDays(random.nextInt(30) - 5),
                    SUPERVISOR));
        }
        double fedSeconds = (System.nanoTime() - started) / 1e9;

        Runtime runtime = Runtime.getRuntime();
        System.gc();
        long heapBefore = runtime.totalMemory() - runtime.freeMemory();
        SearchIndex index = new SearchIndex(database, clock);
        long loadStarted = System.nanoTime();
        int items = index.size();
        double loadSeconds = (System.nanoTime() - loadStarted) / 1e9;
        System.gc();
        long heapHeld = runtime.totalMemory() - runtime.freeMemory() - heapBefore;

        SearchService search = new SearchService(index, new Colours(DeadlinePolicy.standard(ZoneId.of("Asia/Shanghai")),
                new OfficeZone(ZoneId.of("Asia/Shanghai")), clock));
        String[] statuses = {"REGISTERED", "CLAIMED", "ASSIGNED"};
        long[] nanos = new long[1_000];
        long[] following = new long[nanos.length / 10];
        int found = 0;
        long seq = 10;
        for (int q = 0; q < nanos.length; q++) {
            if (q % 10 == 0) {
                String id = taskIds.get(random.nextInt(taskIds.size()));
                handle(handlers, "Task", id, seq++, new TaskEvent.TaskProgressReported(new TaskId(id), "进展", 50,
                        SUPERVISOR));
            }
            String query = String.join(" ", Arrays.copyOf(words(random), 1 + random.nextInt(3)));
            String ledger = random.nextInt(3) == 0 ? LEDGERS[random.nextInt(LEDGERS.length)] : null;
            String status = random.nextInt(4) == 0 ? statuses[random.nextInt(statuses.length)] : null;
            Set<Colour> colours = random.nextInt(4) == 0 ? Set.of(Colour.RED) : Set.of();
            long t = System.nanoTime();
            found += search.search(query, ledger, status, colours, 20).size();
            nanos[q] = System.nanoTime() - t;
            if (q % 10 == 0) {
                following[q / 10] = nanos[q];
            }
        }
        Arrays.sort(nanos);
        Arrays.sort(following);
        System.out.printf("%nsearch benchmark (%s): %,d items fed in %.1f s; index loaded in %.2f s, ~%,d KB heap "
                        + "(%.2f KB an item); 1,000 searches (%,d results): p50 %.2f ms, p95 %.2f ms, p99 %.2f ms, "
                        + "max %.2f ms; the 100 right after a write (catching up first): p50 %.2f ms, p99 %.2f ms%n", backend, items, fedSeconds, loadSeconds, heapHeld / 1024,
                heapHeld / 1024.0 / items, found, nanos[500] / 1e6, nanos[950] / 1e6, nanos[990] / 1e6,
                nanos[999] / 1e6, following[50] / 1e6, following[99] / 1e6);
    }

    private static String phrase(Random random) {
        return PHRASES[random.nextInt(PHRASES.length)];
    }

    /** Query words as users type them: parts of phrases, in either script. */
    private static String[] words(Random random) {
        String[] words = new String[3];
        for (int i = 0; i < words.length; i++) {
            String p = phrase(random);
            int from = random.nextInt(Math.max(1, p.length() - 2));
            words[i] = p.substring(from, Math.min(p.length(), from + 2 + random.nextInt(3)));
        }
        return words;
    }

    private static void handle(AnnotationEventHandlerAdapter handlers, String type, String id, long seq, Object event) {
        try {
            handlers.handle(new GenericDomainEventMessage<>(type, id, seq, event, MetaData.emptyInstance(),
                    UUID.randomUUID().toString(), Instant.now()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
