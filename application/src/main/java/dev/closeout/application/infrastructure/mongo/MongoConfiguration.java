package dev.closeout.application.infrastructure.mongo;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.ReadConcern;
import com.mongodb.ReadPreference;
import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.event.CommandListener;
import dev.closeout.application.infrastructure.readmodel.ReadModelStoreUpgrade;
import dev.closeout.application.security.DemoUsersGuard;
import io.micrometer.core.instrument.MeterRegistry;
import org.bson.codecs.configuration.CodecRegistries;
import org.bson.codecs.configuration.CodecRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

import java.nio.file.Path;

/**
 * The MongoDB connection: the server at {@code spring.data.mongodb.uri} when that is set,
 * otherwise the embedded single-node server storing its data under {@code closeout.data-dir}
 * (env {@code CLOSEOUT_DATA_DIR}, default {@code ./data}).
 *
 * <p>Our {@link MongoClient} bean makes Spring Boot's MongoAutoConfiguration back off (it
 * creates its client only when none exists). Every {@link CommandListener} bean is handed to the
 * client: Spring Boot's metrics declare one (timers of every command, docs/operations.md#metrics); tests and the
 * benchmark add one that counts what each command reads and writes (the cost model, decision 0008).
 */
@Configuration(proxyBeanMethods = false)
public class MongoConfiguration {

    static final String URI_PROPERTY = "spring.data.mongodb.uri";
    static final String DEFAULT_DATABASE = "closeout";

    private static final Logger log = LoggerFactory.getLogger(MongoConfiguration.class);

    /** Told of every request of a user by the web layer; the embedded store shrinks its file when nobody is at work. */
    @Bean
    UserActivity userActivity() {
        return new UserActivity();
    }

    /** A MongoDB server or replica set: the write concern makes each write durable. */
    @Configuration(proxyBeanMethods = false)
    @Conditional(UriSet.class)
    static class External {

        @Bean(destroyMethod = "close")
        MongoClient mongoClient(@Value("${" + URI_PROPERTY + "}") String uri,
                                ObjectProvider<CommandListener> listeners,
                                @Value("${closeout.security.demo-users:false}") boolean demoUsers,
                                @Value("${" + DemoUsersGuard.ACCEPTED + ":false}") boolean demoUsersAccepted) {
            DemoUsersGuard.refuseOnMongoDb(demoUsers, demoUsersAccepted);
            return MongoClients.create(withListeners(MongoClientSettings.builder()
                    .applyConnectionString(new ConnectionString(uri))
                    .writeConcern(WriteConcern.MAJORITY.withJournal(true))
                    .readConcern(ReadConcern.MAJORITY)
                    .readPreference(ReadPreference.primary()), listeners));
        }

        @Bean
        @Primary
        MongoDatabase mongoDatabase(MongoClient client, @Value("${" + URI_PROPERTY + "}") String uri) {
            String database = new ConnectionString(uri).getDatabase();
            return client.getDatabase(StringUtils.hasText(database) ? database : DEFAULT_DATABASE);
        }

        /** On MongoDB the read models live in the same database: its write concern makes every write durable. */
        @Bean
        @ReadModelStore
        MongoDatabase readModelDatabase(MongoDatabase database) {
            return database;
        }

        @Bean
        @ReadModelStore
        Durability readModelDurability() {
            return Durability.WRITE_CONCERN;
        }

        @Bean
        @Primary
        Durability durability() {
            return Durability.WRITE_CONCERN;
        }
    }

    /** No URI: the embedded server, durable through group commits of its H2 file. */
    @Configuration(proxyBeanMethods = false)
    @Conditional(UriMissing.class)
    static class Embedded {

        @Bean(destroyMethod = "close")
        @Primary
        EmbeddedMongoServer embeddedMongoServer(@Value("${closeout.data-dir:./data}") Path dataDir,
                                                UserActivity users) {
            EmbeddedMongoServer server = EmbeddedMongoServer.start(dataDir, users);
            log.info("Using the embedded single-node MongoDB-compatible store; data lives in {}, reachable "
                            + "from inside this application only. It suits evaluation and small offices; "
                            + "for production set {} to a MongoDB replica set.",
                    server.file().getParent(), URI_PROPERTY);
            return server;
        }

        /** Beside the events' store, closed before it (it depends on it): decision 0020. */
        @Bean(destroyMethod = "close")
        @ReadModelStore
        EmbeddedMongoServer readModelServer(@Value("${closeout.data-dir:./data}") Path dataDir,
                                            EmbeddedMongoServer events) {
            return EmbeddedMongoServer.startReadModels(dataDir, events);
        }

        @Bean(destroyMethod = "close")
        @Primary
        MongoClient mongoClient(EmbeddedMongoServer server, ObjectProvider<CommandListener> listeners) {
            return MongoClients.create(withListeners(MongoClientSettings.builder(server.clientSettings()), listeners));
        }

        @Bean(destroyMethod = "close")
        @ReadModelStore
        MongoClient readModelClient(@ReadModelStore EmbeddedMongoServer server,
                                    ObjectProvider<CommandListener> listeners) {
            return MongoClients.create(withListeners(MongoClientSettings.builder(server.clientSettings()), listeners));
        }

        @Bean
        @Primary
        MongoDatabase mongoDatabase(MongoClient client) {
            return client.getDatabase(DEFAULT_DATABASE);
        }

        /**
         * The read models' database; a store written before they had a file of their own gives up its read models
         * first ({@link ReadModelStoreUpgrade}).
         */
        @Bean
        @ReadModelStore
        MongoDatabase readModelDatabase(@ReadModelStore MongoClient client, MongoDatabase events,
                                        @ReadModelStore EmbeddedMongoServer server) {
            MongoDatabase readModels = client.getDatabase(DEFAULT_DATABASE);
            ReadModelStoreUpgrade.moveOut(events, readModels, server.durability());
            return readModels;
        }

        /** The store's durability, timed and its file measured where metrics are collected (the application, not every slice of it). */
        @Bean
        @Primary
        Durability durability(EmbeddedMongoServer server, @ReadModelStore EmbeddedMongoServer readModels,
                              ObjectProvider<MeterRegistry> registries) {
            MeterRegistry registry = registries.getIfAvailable();
            if (registry == null) {
                return server.durability();
            }
            EmbeddedStoreMetrics.file(server, "events", registry);
            EmbeddedStoreMetrics.file(readModels, "read-models", registry);
            return EmbeddedStoreMetrics.timed(server.durability(), registry);
        }

        /** For the few writes to the read models' store that someone is answered for: an operator's rebuild. */
        @Bean
        @ReadModelStore
        Durability readModelDurability(@ReadModelStore EmbeddedMongoServer server) {
            return server.durability();
        }
    }

    /**
     * The listeners added, and codecs found once per class ({@link ClassCodecRegistry}), in the UUID representation the
     * settings ask for (a connection string's {@code uuidRepresentation}).
     */
    private static MongoClientSettings withListeners(MongoClientSettings.Builder settings,
                                                     ObjectProvider<CommandListener> listeners) {
        listeners.orderedStream().forEach(settings::addCommandListener);
        return withCodecsFoundOnce(settings.build());
    }

    static MongoClientSettings withCodecsFoundOnce(MongoClientSettings settings) {
        CodecRegistry codecs = CodecRegistries.withUuidRepresentation(MongoClientSettings.getDefaultCodecRegistry(),
                settings.getUuidRepresentation());
        return MongoClientSettings.builder(settings).codecRegistry(new ClassCodecRegistry(codecs)).build();
    }

    static final class UriSet implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return StringUtils.hasText(context.getEnvironment().getProperty(URI_PROPERTY));
        }
    }

    static final class UriMissing implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return !StringUtils.hasText(context.getEnvironment().getProperty(URI_PROPERTY));
        }
    }
}
