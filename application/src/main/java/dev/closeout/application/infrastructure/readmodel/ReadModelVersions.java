package dev.closeout.application.infrastructure.readmodel;

import dev.closeout.application.infrastructure.axon.Replays;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Replays a read model written under another version of what shapes it. A read model's documents
 * follow its code's layout (the ledgers' line buckets), and the due-date index files items under
 * days its deadline policy computes (calendar, thresholds, schedule, ladder). When either changed
 * while the application was down, what is stored would be misread: ledgers missing, items checked
 * too late or never. So each such read model names its {@link Wanted wanted version}, the version it
 * was built under is kept in {@value #COLLECTION}, and {@link #upgrade()} replays those that differ
 * and then records the new version: first while the application starts, before the processors do,
 * then before each sweep for any another instance held.
 * <p>
 * A store without a recorded version was written before versions were kept: a read model that holds
 * anything there is replayed once, an empty one only recorded. When another instance holds a read
 * model's processor (it still runs the old code or policy), the replay is refused; it is logged and
 * tried again at every later call, so a rolling restart converges once the last old instance stops.
 * Every instance must run the same code and policy: an old one processing after the upgrade files
 * under its own version unnoticed.
 */
public class ReadModelVersions {

    public static final String COLLECTION = "read_model_versions";

    private static final Logger log = LoggerFactory.getLogger(ReadModelVersions.class);

    /**
     * @param processingGroup the read model's processor
     * @param version         what this code and configuration build; any change of it replays the read model
     * @param probe           a collection of the read model that is empty until it holds anything
     * @param describe        said in the log when it is replayed, e.g. the calendar years a policy knows
     */
    public record Wanted(String processingGroup, String version, String probe, String describe) {
    }

    private final MongoCollection<Document> versions;
    private final MongoDatabase database;
    private final EventProcessingConfiguration processing;
    private final Clock clock;
    private final Map<String, Wanted> pending = new LinkedHashMap<>();

    public ReadModelVersions(MongoDatabase database, EventProcessingConfiguration processing, Clock clock,
                             List<Wanted> wanted) {
        this.versions = database.getCollection(COLLECTION);
        this.database = database;
        this.processing = processing;
        this.clock = clock;
        wanted.forEach(w -> pending.put(w.processingGroup(), w));
    }

    /**
     * Replays each read model whose recorded version is not the wanted one (at most once per process
     * for each, unless refused), and answers those still waiting for a replay another instance refused.
     */
    public synchronized List<String> upgrade() {
        List<String> refused = new ArrayList<>();
        for (Wanted wanted : List.copyOf(pending.values())) {
            Document recorded = versions.find(Filters.eq("_id", wanted.processingGroup())).first();
            String was = recorded == null ? null : recorded.getString("version");
            if (wanted.version().equals(was)) {
                pending.remove(wanted.processingGroup());
                continue;
            }
            if (was == null && database.getCollection(wanted.probe()).find().limit(1).first() == null) {
                record(wanted);
                pending.remove(wanted.processingGroup());
                continue;
            }
            if (replay(wanted, was)) {
                record(wanted);
                pending.remove(wanted.processingGroup());
            } else {
                refused.add(wanted.processingGroup());
            }
        }
        return refused;
    }

    private boolean replay(Wanted wanted, String was) {
        TrackingEventProcessor processor = processing
                .eventProcessor(wanted.processingGroup(), TrackingEventProcessor.class)
                .orElseThrow(() -> new IllegalStateException("No tracking processor " + wanted.processingGroup()));
        try {
            if (processor.isRunning()) {
                Replays.fromTheStart(processor);
            } else {
                // Before the processors start (see AxonConfiguration): reset without stopping a launcher
                // that is still claiming its segments, which can leave the processor idle for good.
                processor.resetTokens();
            }
            log.warn("Read model {} was built under {}, this application builds {} ({}): it is being rebuilt from "
                            + "the event store", wanted.processingGroup(), was == null ? "an earlier version" : was,
                    wanted.version(), wanted.describe());
            return true;
        } catch (RuntimeException e) {
            log.error("Read model {} must be rebuilt for {} but its processor could not be reset ({}): another instance "
                            + "may still run it. Tried again every minute; or POST /api/admin/projections/rebuild?processor={}",
                    wanted.processingGroup(), wanted.version(), e.getMessage(), wanted.processingGroup());
            return false;
        }
    }

    private void record(Wanted wanted) {
        versions.replaceOne(Filters.eq("_id", wanted.processingGroup()), new Document("_id", wanted.processingGroup())
                        .append("version", wanted.version()).append("describe", wanted.describe())
                        .append("at", clock.instant().toString()),
                new ReplaceOptions().upsert(true));
    }
}
