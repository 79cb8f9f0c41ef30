package dev.closeout.application.infrastructure.backup;

import com.mongodb.client.MongoDatabase;
import dev.closeout.application.infrastructure.mongo.EmbeddedMongoServer;
import dev.closeout.application.infrastructure.mongo.ReadModelStore;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Duration;

/** On the embedded default, the socket through which {@code backup} asks this application for a backup. */
@Configuration(proxyBeanMethods = false)
class BackupConfiguration {

    @Bean(destroyMethod = "close")
    BackupSocket backupSocket(ObjectProvider<EmbeddedMongoServer> embedded, MongoDatabase database,
                              @ReadModelStore MongoDatabase readModels,
                              @Value("${closeout.event-store.gap-timeout:PT60S}") Duration gapTimeout) {
        EmbeddedMongoServer server = embedded.getIfAvailable();
        return server == null ? BackupSocket.none()
                : BackupSocket.open(server.file().getParent(), database, readModels, gapTimeout);
    }
}
