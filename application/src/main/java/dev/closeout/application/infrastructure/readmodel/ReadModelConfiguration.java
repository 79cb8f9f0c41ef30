package dev.closeout.application.infrastructure.readmodel;

import dev.closeout.application.infrastructure.axon.StoredTokens;
import com.mongodb.client.MongoDatabase;
import dev.closeout.application.infrastructure.mongo.ReadModelStore;
import dev.closeout.domain.common.EscalationLadder;
import dev.closeout.domain.time.DeadlinePolicy;
import dev.closeout.projections.complaint.ComplaintLedgerProjection;
import dev.closeout.projections.complaint.ComplaintLedgerQueries;
import dev.closeout.projections.complaint.ComplaintViewProjection;
import dev.closeout.projections.complaint.ComplaintViews;
import dev.closeout.projections.ledger.LedgerLines;
import dev.closeout.projections.ledger.LedgerProjection;
import dev.closeout.projections.ledger.LedgerQueries;
import dev.closeout.projections.deadline.DueDateIndexProjection;
import dev.closeout.projections.alert.AlertProjection;
import dev.closeout.projections.alert.AlertFeed;
import dev.closeout.projections.audit.AuditTrail;
import dev.closeout.projections.audit.AuditTrailProjection;
import dev.closeout.projections.deadline.DueDateIndex;
import dev.closeout.projections.inspection.InspectionRoundProjection;
import dev.closeout.projections.inspection.InspectionRounds;
import dev.closeout.projections.referral.ReferralLedger;
import dev.closeout.projections.referral.ReferralLedgerProjection;
import dev.closeout.projections.search.SearchIndex;
import dev.closeout.projections.search.SearchProjection;
import dev.closeout.projections.support.OfficeZone;
import dev.closeout.projections.task.TaskViewProjection;
import dev.closeout.projections.task.TaskViews;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.serialization.Serializer;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;
import java.util.List;

/** The read models and their queries. Axon finds the projections' event handlers on these beans. */
@Configuration
public class ReadModelConfiguration {

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    OfficeZone officeZone(LedgerProperties properties) {
        return properties.officeZone();
    }

    @Bean
    TaskViewProjection taskViewProjection(@ReadModelStore MongoDatabase database, OfficeZone zone) {
        return new TaskViewProjection(database, zone);
    }

    @Bean
    LedgerProjection ledgerProjection(@ReadModelStore MongoDatabase database, OfficeZone zone) {
        return new LedgerProjection(database, zone);
    }

    @Bean
    TaskViews taskViews(@ReadModelStore MongoDatabase database) {
        return new TaskViews(database);
    }

    /** The ledgers' lines, with the copy of them the ledger, desk and worklist reads share. */
    @Bean
    LedgerLines ledgerLines(@ReadModelStore MongoDatabase database, LedgerProperties properties, Clock clock) {
        return properties.heldLines() == 0 ? new LedgerLines(database)
                : new LedgerLines(database, properties.heldLines(), clock);
    }

    @Bean
    LedgerQueries ledgerQueries(@ReadModelStore MongoDatabase database, MongoDatabase closes, LedgerLines lines,
                                OfficeZone zone, Clock clock, DeadlinePolicy policy, ReadModelRebuilds rebuilds) {
        return new LedgerQueries(database, closes, lines, zone, clock, policy,
                () -> rebuilds.inProgress().contains(LedgerProjection.PROCESSING_GROUP));
    }

    @Bean
    ComplaintViewProjection complaintViewProjection(@ReadModelStore MongoDatabase database) {
        return new ComplaintViewProjection(database);
    }

    @Bean
    ComplaintLedgerProjection complaintLedgerProjection(@ReadModelStore MongoDatabase database, OfficeZone zone) {
        return new ComplaintLedgerProjection(database, zone);
    }

    @Bean
    ComplaintViews complaintViews(@ReadModelStore MongoDatabase database) {
        return new ComplaintViews(database);
    }

    @Bean
    ReferralLedgerProjection referralLedgerProjection(@ReadModelStore MongoDatabase database) {
        return new ReferralLedgerProjection(database);
    }

    @Bean
    ReferralLedger referralLedger(@ReadModelStore MongoDatabase database) {
        return new ReferralLedger(database);
    }

    @Bean
    StoredTokens storedTokens(@ReadModelStore MongoDatabase database, Serializer serializer) {
        return new StoredTokens(database, serializer);
    }

    /**
     * The read models rebuilt when what shapes them changed: the ledgers' and the task views' layout, and the due-date
     * index's layout and the deadline policy it files under (a new year's holiday notice, a threshold,
     * the ladder).
     */
    @Bean
    ReadModelVersions readModelVersions(@ReadModelStore MongoDatabase database, EventProcessingConfiguration processing,
                                        Clock clock, DeadlinePolicy policy, EscalationLadder ladder) {
        return new ReadModelVersions(database, processing, clock, List.of(
                new ReadModelVersions.Wanted(LedgerProjection.PROCESSING_GROUP, LedgerProjection.LAYOUT,
                        LedgerProjection.LEDGERS, "layout"),
                new ReadModelVersions.Wanted(ComplaintLedgerProjection.PROCESSING_GROUP, ComplaintLedgerProjection.LAYOUT,
                        ComplaintLedgerProjection.MONTHS, "layout"),
                new ReadModelVersions.Wanted(AuditTrailProjection.PROCESSING_GROUP, AuditTrailProjection.LAYOUT,
                        AuditTrailProjection.LINES, "layout"),
                new ReadModelVersions.Wanted(DueDateIndexProjection.PROCESSING_GROUP,
                        "layout " + DueDateIndexProjection.LAYOUT + ", policy " + policy.fingerprint(ladder),
                        DueDateIndexProjection.ITEMS,
                        "deadline policy; calendar notices held for " + policy.calendar().knownYears()),
                new ReadModelVersions.Wanted(SearchProjection.PROCESSING_GROUP, SearchProjection.LAYOUT,
                        SearchProjection.LINES, "layout and text analysis"),
                new ReadModelVersions.Wanted(ReferralLedgerProjection.PROCESSING_GROUP, ReferralLedgerProjection.LAYOUT,
                        ReferralLedgerProjection.LINES, "layout"),
                new ReadModelVersions.Wanted(TaskViewProjection.PROCESSING_GROUP, TaskViewProjection.LAYOUT,
                        TaskViewProjection.COLLECTION, "layout")));
    }

    @Bean
    ComplaintLedgerQueries complaintLedgerQueries(@ReadModelStore MongoDatabase database, OfficeZone zone, Clock clock) {
        return new ComplaintLedgerQueries(database, zone, clock);
    }

    @Bean
    DueDateIndexProjection dueDateIndexProjection(@ReadModelStore MongoDatabase database, DeadlinePolicy policy,
                                                  EscalationLadder ladder) {
        return new DueDateIndexProjection(database, policy, ladder);
    }

    @Bean
    DueDateIndex dueDateIndex(@ReadModelStore MongoDatabase database) {
        return new DueDateIndex(database);
    }

    /** The alert feed is kept, not rebuilt (its numbering is what consumers follow): it stays in the events' store. */
    @Bean
    AlertProjection alertProjection(MongoDatabase database) {
        return new AlertProjection(database);
    }

    @Bean
    AlertFeed alertFeed(MongoDatabase database) {
        return new AlertFeed(database);
    }

    @Bean
    AuditTrailProjection auditTrailProjection(@ReadModelStore MongoDatabase database, OfficeZone zone) {
        return new AuditTrailProjection(database, zone);
    }

    @Bean
    AuditTrail auditTrail(@ReadModelStore MongoDatabase database) {
        return new AuditTrail(database);
    }

    @Bean
    InspectionRoundProjection inspectionRoundProjection(@ReadModelStore MongoDatabase database) {
        return new InspectionRoundProjection(database);
    }

    @Bean
    InspectionRounds inspectionRounds(@ReadModelStore MongoDatabase database) {
        return new InspectionRounds(database);
    }

    @Bean
    SearchProjection searchProjection(@ReadModelStore MongoDatabase database) {
        return new SearchProjection(database);
    }

    @Bean
    SearchIndex searchIndex(@ReadModelStore MongoDatabase database, Clock clock) {
        return new SearchIndex(database, clock);
    }
}
