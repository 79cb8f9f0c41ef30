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
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.mongo.MongoAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class MongoConfigurationTest {

    @TempDir
    Path dataDir;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MongoAutoConfiguration.class))
            .withUserConfiguration(MongoConfiguration.class);

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
            assertThat(context).hasSingleBean(EmbeddedMongoServer.class);
            assertThat(context).hasSingleBean(MongoClient.class);
            assertThat(context.getBean(Durability.class)).isInstanceOf(GroupCommit.class);
            MongoDatabase database = context.getBean(MongoDatabase.class);
            assertThat(database.getName()).isEqualTo("closeout");
            database.getCollection("tasks").insertOne(new Document("_id", "task-1").append("state", "OPEN"));
            context.getBean(Durability.class).awaitDurable();
        });
        assertThat(Files.exists(data.resolve(EmbeddedMongoServer.FILE_NAME))).isTrue();

        embedded.run(context -> {
            MongoDatabase database = context.getBean(MongoDatabase.class);
            assertThat(database.getCollection("tasks").find(new Document("_id", "task-1")).first())
                    .isNotNull()
                    .containsEntry("state", "OPEN");
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

                    String page = registry.scrape();
                    assertThat(page).containsPattern("(?m)^closeout_embedded_group_commit_seconds_count [1-9]")
                            .containsPattern("(?m)^closeout_embedded_store_size_bytes [1-9][0-9.E]*$")
                            .containsPattern("(?m)^closeout_embedded_store_in_chunks_percent (100|[1-9][0-9]?)\\.0$")
                            .containsPattern("(?m)^closeout_embedded_store_chunks_alive_percent (100|[1-9][0-9]?)\\.0$")
                            .containsPattern("(?m)^closeout_embedded_store_written_bytes_total [1-9][0-9.E]*$")
                            .containsPattern("(?m)^closeout_embedded_store_commits_total [1-9][0-9.E]*$");
                });
    }
}
