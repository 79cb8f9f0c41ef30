package dev.closeout.application.infrastructure.backup;

import com.mongodb.client.MongoDatabase;
import dev.closeout.application.infrastructure.mongo.EmbeddedMongoServer;
import dev.closeout.application.infrastructure.mongo.ReadModelStore;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Duration;

/**
 * The application refuses to start on a store a restore broke off in ({@link RestoreMarker}), and on the embedded
 * default opens the socket through which {@code backup} asks it for a backup.
 */
@Configuration(proxyBeanMethods = false)
class BackupConfiguration {

    /** Checked when the application starts, before its processors and its web server do. */
    static final class NoUnfinishedRestore {
    }

    @Bean
    NoUnfinishedRestore noUnfinishedRestore(ObjectProvider<EmbeddedMongoServer> embedded, MongoDatabase database) {
        EmbeddedMongoServer server = embedded.getIfAvailable();
        RestoreMarker marker = server == null ? RestoreMarker.in(database) : RestoreMarker.in(server.file().getParent());
        if (marker.present()) {
            throw new IllegalStateException("Closeout does not start: " + marker.unfinished());
        }
        return new NoUnfinishedRestore();
    }

    @Bean(destroyMethod = "close")
    BackupSocket backupSocket(NoUnfinishedRestore checked, ObjectProvider<EmbeddedMongoServer> embedded,
                              MongoDatabase database, @ReadModelStore MongoDatabase readModels,
                              @Value("${closeout.event-store.gap-timeout:PT60S}") Duration gapTimeout) {
        EmbeddedMongoServer server = embedded.getIfAvailable();
        return server == null ? BackupSocket.none()
                : BackupSocket.open(server.file().getParent(), database, readModels, gapTimeout);
    }
}
