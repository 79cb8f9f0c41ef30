package dev.closeout.application.deadline;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import dev.closeout.domain.common.EscalationLadder;
import dev.closeout.domain.time.DeadlinePolicy;
import dev.closeout.projections.deadline.DueDateIndexProjection;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.util.ArrayList;

/**
 * Files the due-date index again when the deadline policy changed while the application was down.
 * <p>
 * The index files each open item under the next day its policy could record something (due soon,
 * overdue, the next escalation step), and only events move it. Those days come from the policy:
 * the working-day calendar, the colour thresholds, the escalation schedule and ladder. An office
 * that adds next year's holiday notice or moves a threshold would otherwise keep items filed under
 * days of the old policy: checked too late, or checked on a day with nothing to record and then not
 * again until the item's next event. So the index remembers the {@link DeadlinePolicy#fingerprint
 * fingerprint} of the policy it was filed under, and before the first sweep after start-up a
 * different one replays the {@value DueDateIndexProjection#PROCESSING_GROUP} read model. Its reset
 * also clears the sweep's mark, so the sweep then reads every filed day again; the aggregates
 * record each transition once whatever the sweep asks.
 * <p>
 * When another instance holds the index (it still runs, under the old policy), the replay is
 * refused: this is logged, the old fingerprint is kept so the next start tries again, and the
 * index can be rebuilt by hand once every instance runs the new policy.
 */
@Component
public class DueDateIndexRefiling {

    static final String COLLECTION = "due_date_policy";
    private static final String FILED_UNDER = "filed-under";

    private static final Logger log = LoggerFactory.getLogger(DueDateIndexRefiling.class);

    private final MongoCollection<Document> policies;
    private final EventProcessingConfiguration processing;
    private final String fingerprint;
    private final DeadlinePolicy policy;
    private final Clock clock;
    private boolean checked;

    public DueDateIndexRefiling(MongoDatabase database, EventProcessingConfiguration processing,
                                DeadlinePolicy policy, EscalationLadder ladder, Clock clock) {
        this.policies = database.getCollection(COLLECTION);
        this.processing = processing;
        this.policy = policy;
        this.fingerprint = policy.fingerprint(ladder);
        this.clock = clock;
    }

    /** Once per process, before its first sweep: replays the index if it was filed under another policy. */
    public synchronized void refileIfPolicyChanged() {
        if (checked) {
            return;
        }
        Document filedUnder = policies.find(Filters.eq("_id", FILED_UNDER)).first();
        if (filedUnder == null) {
            // A new store, or one filed before fingerprints were kept: the index is what this policy files.
            remember();
        } else if (!fingerprint.equals(filedUnder.getString("fingerprint")) && replayIndex()) {
            log.warn("The deadline policy changed (calendar years {} -> {}, or thresholds, schedule, ladder): the "
                            + "due-date index is being filed again under the new one; the sweep waits for it",
                    filedUnder.get("knownYears"), policy.calendar().knownYears());
            remember();
        }
        checked = true;
    }

    private boolean replayIndex() {
        TrackingEventProcessor index = processing
                .eventProcessor(DueDateIndexProjection.PROCESSING_GROUP, TrackingEventProcessor.class)
                .orElseThrow(() -> new IllegalStateException("No tracking processor "
                        + DueDateIndexProjection.PROCESSING_GROUP));
        index.shutDown();
        try {
            index.resetTokens();
            return true;
        } catch (RuntimeException e) {
            log.error("The deadline policy changed but the due-date index could not be filed again ({}): another "
                    + "instance may still run it. Once every instance runs the new policy, restart one or POST "
                    + "/api/admin/projections/rebuild?processor={}", e.getMessage(),
                    DueDateIndexProjection.PROCESSING_GROUP);
            return false;
        } finally {
            index.start();
        }
    }

    private void remember() {
        policies.replaceOne(Filters.eq("_id", FILED_UNDER), new Document("_id", FILED_UNDER)
                        .append("fingerprint", fingerprint)
                        .append("knownYears", new ArrayList<>(policy.calendar().knownYears()))
                        .append("at", clock.instant().toString()),
                new ReplaceOptions().upsert(true));
    }
}
