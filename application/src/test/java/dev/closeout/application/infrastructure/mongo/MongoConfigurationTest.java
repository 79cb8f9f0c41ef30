package dev.closeout.application.infrastructure.mongo;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import dev.closeout.application.support.TestMongo;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ApplicationContext;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.mongo.MongoAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class MongoConfigurationTest {

    @TempDir
    Path dataDir;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MongoAutoConfiguration.class))
            .withUserConfiguration(MongoConfiguration.class);

    /** The demo users on a MongoDB stop the start before the client is made, not after its wait for a server. */
    @Test
    void theDemoUsersOnAMongoDbStopTheStartBeforeTheClientConnects() {
        runner.withPropertyValues("spring.data.mongodb.uri=mongodb://127.0.0.1:1/closeout",
                        "closeout.security.demo-users=true", "closeout.data-dir=" + dataDir)
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .hasRootCauseInstanceOf(IllegalStateException.class)
                        .rootCause().hasMessageContaining("SPRING_PROFILES_ACTIVE=production"));
    }

    @Test
    void withAUriTheClientTalksToThatServerAndNothingEmbeddedStarts() {
        String database = TestMongo.newDatabaseName();
        runner.withPropertyValues(
                        "spring.data.mongodb.uri=" + TestMongo.uri(database),
                        "closeout.data-dir=" + dataDir)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).doesNotHaveBean(EmbeddedMongoServer.class);
                    assertThat(context).hasSingleBean(MongoClient.class);
                    assertThat(context.getBean(Durability.class)).isSameAs(Durability.WRITE_CONCERN);
                    MongoDatabase mongoDatabase = context.getBean(MongoDatabase.class);
                    assertThat(readModels(context)).as("on MongoDB the read models share the database")
                            .isSameAs(mongoDatabase);
                    assertThat(mongoDatabase.getName()).isEqualTo(database);
                    assertThat(mongoDatabase.getWriteConcern().getWObject()).isEqualTo("majority");
                    assertThat(mongoDatabase.getWriteConcern().getJournal()).isTrue();
                    mongoDatabase.getCollection("probe").insertOne(new Document("_id", 1));
                    assertThat(mongoDatabase.getCollection("probe").countDocuments()).isEqualTo(1);
                });
        assertThat(dataDir).isEmptyDirectory();
    }

    @Test
    void withoutAUriTheEmbeddedServerStartsAndKeepsDataAcrossRestarts() {
        Path data = dataDir.resolve("nested/data");
        ApplicationContextRunner embedded = runner.withPropertyValues("closeout.data-dir=" + data);
        embedded.run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBeansOfType(EmbeddedMongoServer.class)).hasSize(2);
            assertThat(context.getBean(Durability.class)).isInstanceOf(GroupCommit.class);
            MongoDatabase database = context.getBean(MongoDatabase.class);
            assertThat(database.getName()).isEqualTo("closeout");
            database.getCollection("tasks").insertOne(new Document("_id", "task-1").append("state", "OPEN"));
            context.getBean(Durability.class).awaitDurable();
            MongoDatabase readModels = readModels(context);
            readModels.getCollection("task_views").insertOne(new Document("_id", "task-1").append("status", "OPEN"));
            context.getBean("readModelDurability", Durability.class).awaitDurable();
        });
        assertThat(data.resolve(EmbeddedMongoServer.FILE_NAME)).isRegularFile();
        assertThat(data.resolve(EmbeddedMongoServer.READ_MODELS_FILE_NAME)).isRegularFile();

        embedded.run(context -> {
            MongoDatabase database = context.getBean(MongoDatabase.class);
            assertThat(database.getCollection("tasks").find(new Document("_id", "task-1")).first())
                    .isNotNull()
                    .containsEntry("state", "OPEN");
            assertThat(readModels(context).getCollection("task_views").find(new Document("_id", "task-1")).first())
                    .isNotNull()
                    .containsEntry("status", "OPEN");
            assertThat(database.listCollectionNames()).as("each in its own file").doesNotContain("task_views");
            assertThat(readModels(context).listCollectionNames()).doesNotContain("tasks");
        });
    }

    /**
     * Operators watch the embedded default by its own figures: how long a write waited for its group commit
     * (what every command pays before it is answered), the size of its H2 file, and the bytes and commits it
     * wrote, on the Prometheus page.
     */
    @Test
    void theEmbeddedStoreReportsItsGroupCommitWaitsAndFileSizeToPrometheus() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        runner.withPropertyValues("closeout.data-dir=" + dataDir)
                .withBean(MeterRegistry.class, () -> registry)
                .run(context -> {
                    MongoDatabase database = context.getBean(MongoDatabase.class);
                    database.getCollection("tasks").insertOne(new Document("_id", "task-1"));
                    context.getBean(Durability.class).awaitDurable();
                    readModels(context).getCollection("task_views").insertOne(new Document("_id", "task-1"));
                    context.getBean("readModelDurability", Durability.class).awaitDurable();

                    String page = registry.scrape();
                    assertThat(page).containsPattern("(?m)^closeout_embedded_group_commit_seconds_count [1-9]");
                    for (String store : List.of("events", "read-models")) {
                        String tag = "\\{store=\"" + store + "\"\\}";
                        assertThat(page).containsPattern("(?m)^closeout_embedded_store_size_bytes" + tag + " [1-9][0-9.E]*$")
                                .containsPattern("(?m)^closeout_embedded_store_in_chunks_percent" + tag
                                        + " (100|[1-9][0-9]?)\\.0$")
                                .containsPattern("(?m)^closeout_embedded_store_chunks_alive_percent" + tag
                                        + " (100|[1-9][0-9]?)\\.0$")
                                .containsPattern("(?m)^closeout_embedded_store_written_bytes_total" + tag + " [1-9][0-9.E]*$")
                                .containsPattern("(?m)^closeout_embedded_store_commits_total" + tag + " [1-9][0-9.E]*$");
                    }
                });
    }

    /** The {@link ReadModelStore} database. */
    private static MongoDatabase readModels(ApplicationContext context) {
        return context.getBean("readModelDatabase", MongoDatabase.class);
    }
}
