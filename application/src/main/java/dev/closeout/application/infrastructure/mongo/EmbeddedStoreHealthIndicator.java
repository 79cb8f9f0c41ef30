package dev.closeout.application.infrastructure.mongo;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Optional;

/**
 * {@code embeddedStore} in the health endpoint and the liveness group: down once a store of the embedded default has
 * closed after a failed commit or fsync (a full disk, an I/O error), which is for good (a store closed by a shutdown
 * is not a failure, and says nothing): every command fails until the
 * application is started again, so the process is not alive in any way that helps, and a restart (on a sound disk)
 * is what mends it. Always up on MongoDB, whose outages the application rides out (liveness never asks the database).
 */
@Component
public class EmbeddedStoreHealthIndicator extends AbstractHealthIndicator {

    private final ObjectProvider<EmbeddedMongoServer> servers;

    public EmbeddedStoreHealthIndicator(ObjectProvider<EmbeddedMongoServer> servers) {
        super("The embedded store's state could not be read");
        this.servers = servers;
    }

    /** Why the application can record nothing, when a store of its own has failed; empty otherwise. */
    public Optional<String> failure() {
        List<String> failed = servers.orderedStream().filter(EmbeddedMongoServer::failed)
                .map(server -> server.file().toString()).toList();
        return failed.isEmpty() ? Optional.empty() : Optional.of("The embedded store " + String.join(", ", failed)
                + " has closed after a failed write or fsync (a full disk, an I/O error) and records nothing more; "
                + "the application must be started again on a sound disk");
    }

    /** Whether a store of the embedded default was closed by the application stopping (not by a failure). */
    public boolean stopping() {
        return servers.orderedStream().anyMatch(server -> server.closed() && !server.failed());
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        Optional<String> failure = failure();
        if (failure.isPresent()) {
            builder.down().withDetail("failure", failure.get());
        } else {
            builder.up();
        }
    }
}
