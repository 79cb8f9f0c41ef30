package dev.closeout.application.infrastructure.readmodel;

import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import dev.closeout.application.admin.ProjectionAdminController;
import dev.closeout.application.support.ApiClient;
import dev.closeout.application.support.Eventually;
import dev.closeout.application.support.TestClock;
import dev.closeout.projections.deadline.DueDateIndex;
import org.bson.BsonValue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.FileSystemUtils;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * On the embedded default the read models' store commits once a second, and nobody waits for it (decision 0020):
 * whatever is written there outside the event processors, which write it again from their tokens, is lost after a
 * crash. So this test runs the application on that default, drives the work of an office through its API (tasks
 * from registration to closure and reopening, a complaint turned into a task, an operator's rebuild, the sweep at
 * start), and looks at every write the driver sends, by the thread that sends it and the store it goes to:
 * <ul>
 *   <li>every write to the read models' store comes from an event processor's thread, or from the callers
 *       allowed to write there otherwise: an operator's rebuild, which waits for that store's commit before it
 *       answers; the read models' versions, reset with their tokens; the first tokens of read models that have
 *       none ({@link TokenlessReadModels}), given again at the next start if a crash forgets them; and the sweep's
 *       marks in the due-date index, which a rebuild of the index forgets as well, so a crash that forgets them
 *       costs a sweep again;</li>
 *   <li>the events' store receives no write to a read model or a token.</li>
 * </ul>
 * A collection written by a command, an operator or a scheduled job that lands in the read models' store fails the
 * first; a projection wired to the events' store fails the second.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("embedded")
@Import(TestClock.Config.class)
// closed after the class: events are stamped by a clock Axon keeps in a static field, which this context sets to its
// own while it runs and puts back when it closes, so the shared context's tests find theirs again
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class ReadModelStoreWritersTest {

    private static final Path DATA = temporaryDirectory();
    private static final String READ_MODELS = "read-models.invalid";
    private static final String EVENTS = "embedded-mongo.invalid";
    private static final Set<String> WRITES = Set.of("insert", "update", "delete", "findAndModify");
    /** Classes that may write to the read models' store from a thread other than a processor's; see above. */
    private static final Set<String> ALLOWED_CALLERS = Set.of(ProjectionAdminController.class.getName(),
            ReadModelVersions.class.getName(), TokenlessReadModels.class.getName(), DueDateIndex.class.getName());

    @LocalServerPort
    int port;

    @Autowired
    Writes writes;

    @DynamicPropertySource
    static void embeddedDefault(DynamicPropertyRegistry registry) {
        registry.add("closeout.data-dir", DATA::toString);
        registry.add("server.shutdown", () -> "immediate");
    }

    @AfterAll
    static void removeData() {
        FileSystemUtils.deleteRecursively(DATA.toFile());
    }

    @Test
    void only_event_processors_write_to_the_read_models_store_and_no_read_model_lands_in_the_events_store() {
        ApiClient supervisor = new ApiClient(port, "supervisor", "supervisor");
        ApiClient deptA = new ApiClient(port, "dept-a", "dept-a");
        String ledger = "读模型存储 Read-model store";
        String due = TestClock.firstDay().plusDays(30).toString();

        String closed = register(supervisor, ledger, "整治事项 一", due);
        String path = "/api/tasks/" + closed;
        assertThat(deptA.post(path + "/claim").status()).isEqualTo(200);
        assertThat(deptA.post(path + "/progress", Map.of("note", "推进中", "percentComplete", 40)).status())
                .isEqualTo(200);
        assertThat(deptA.post(path + "/closure-request", Map.of("evidence", "验收单")).status()).isEqualTo(200);
        assertThat(supervisor.post(path + "/return", Map.of("reason", "照片不清")).status()).isEqualTo(200);
        assertThat(deptA.post(path + "/closure-request", Map.of("evidence", "验收单 第二版")).status()).isEqualTo(200);
        assertThat(supervisor.post(path + "/close").status()).isEqualTo(200);
        assertThat(supervisor.post(path + "/reopen", Map.of("reason", "回头看发现反弹")).status()).isEqualTo(200);

        String withdrawn = register(supervisor, ledger, "整治事项 二", due);
        assertThat(supervisor.post("/api/tasks/" + withdrawn + "/escalate", Map.of("level", "NOTICE", "reason", "催办"))
                .status()).isEqualTo(200);
        assertThat(supervisor.post("/api/tasks/" + withdrawn + "/withdraw", Map.of("reason", "重复登记")).status())
                .isEqualTo(200);

        ApiClient.Response complaint = supervisor.post("/api/complaints", Map.of("channel", "HOTLINE_12345",
                "subject", "夜间施工噪音", "content", "幸福小区", "complainant", Map.of("name", "张三", "phone", "13812345678")));
        assertThat(complaint.status()).as(complaint.toString()).isEqualTo(201);
        String complaintId = complaint.json().get("complaintId").asText();
        assertThat(supervisor.post("/api/complaints/" + complaintId + "/assign",
                Map.of("department", "DEPT-A", "dueDate", due)).status()).isEqualTo(200);
        ApiClient.Response converted = supervisor.post("/api/complaints/" + complaintId + "/convert-to-task",
                Map.of("ledger", ledger, "dueDate", due));
        assertThat(converted.status()).as(converted.toString()).isEqualTo(201);

        awaitCaughtUp(supervisor);
        ApiClient.Response rebuild = supervisor.post("/api/admin/projections/rebuild?processor=task-view");
        assertThat(rebuild.status()).as(rebuild.toString()).isEqualTo(202);
        awaitCaughtUp(supervisor);
        assertThat(supervisor.get(path).json().get("status").asText()).isEqualTo("IN_PROGRESS");

        List<Write> toReadModels = writes.all.stream().filter(w -> w.server().equals(READ_MODELS)).toList();
        assertThat(toReadModels).as("the processors wrote their read models and tokens there")
                .extracting(Write::collection).contains("task_views", "ledger_lines", "audit_trail_entries",
                        "trackingtokens");
        assertThat(toReadModels.stream().filter(w -> !w.fromProcessor() && !w.allowedCaller()).toList())
                .as("writes to the read models' store from outside the event processors").isEmpty();
        assertThat(toReadModels).as("an operator's rebuild reset the tokens from its own thread")
                .anyMatch(w -> !w.fromProcessor() && w.collection().equals("trackingtokens"));

        Set<String> derived = new java.util.HashSet<>(RebuiltReadModels.COLLECTIONS);
        derived.addAll(Set.of("trackingtokens", ReadModelVersions.COLLECTION));
        assertThat(writes.all.stream().filter(w -> w.server().equals(EVENTS) && derived.contains(w.collection()))
                .map(Write::toString).collect(Collectors.toList()))
                .as("read models or tokens written to the events' store").isEmpty();
        assertThat(writes.all).as("the commands wrote their events there")
                .anyMatch(w -> w.server().equals(EVENTS) && w.collection().equals("events"));
        assertThat(writes.all).as("the alert feed, which is kept and not rebuilt, stays with the events")
                .anyMatch(w -> w.server().equals(EVENTS) && w.collection().equals("alerts"));
    }

    private static String register(ApiClient supervisor, String ledger, String title, String due) {
        ApiClient.Response registered = supervisor.post("/api/tasks", Map.of("ledger", ledger, "title", title,
                "leadDepartment", "DEPT-A", "dueDate", due));
        assertThat(registered.status()).as(registered.toString()).isEqualTo(201);
        return registered.json().get("taskId").asText();
    }

    private static void awaitCaughtUp(ApiClient supervisor) {
        Eventually.until(Duration.ofSeconds(30), () -> supervisor.get("/api/admin/projections").json(), processors -> {
            boolean all = processors.size() > 0;
            for (var processor : processors) {
                all &= processor.get("running").asBoolean() && processor.get("caughtUp").asBoolean()
                        && !processor.get("replaying").asBoolean();
            }
            return all;
        });
    }

    private static Path temporaryDirectory() {
        try {
            return Files.createTempDirectory("read-model-store");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A write the driver sent: to which server, what, from which thread, and whether an allowed caller sent it. */
    record Write(String server, String command, String collection, String thread, boolean allowedCaller) {
        boolean fromProcessor() {
            return thread.startsWith("EventProcessor[");
        }
    }

    /** Records every write command, handed to both stores' clients as every {@link CommandListener} bean is. */
    static final class Writes implements CommandListener {
        final List<Write> all = new CopyOnWriteArrayList<>();

        @Override
        public void commandStarted(CommandStartedEvent event) {
            String command = event.getCommandName();
            if (!WRITES.contains(command)) {
                return;
            }
            BsonValue target = event.getCommand().get(command);
            boolean allowed = StackWalker.getInstance().walk(frames -> frames
                    .anyMatch(frame -> ALLOWED_CALLERS.contains(frame.getClassName())));
            all.add(new Write(event.getConnectionDescription().getServerAddress().getHost(), command,
                    target != null && target.isString() ? target.asString().getValue() : String.valueOf(target),
                    Thread.currentThread().getName(), allowed));
        }
    }

    @TestConfiguration
    static class Listening {
        @Bean
        Writes writes() {
            return new Writes();
        }
    }
}
