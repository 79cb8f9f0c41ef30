package dev.closeout.projections.complaint;

import com.mongodb.client.MongoDatabase;
import dev.closeout.domain.common.Actor;
import dev.closeout.domain.complaint.ComplaintChannel;
import dev.closeout.domain.complaint.ComplaintEvent.ComplaintAssigned;
import dev.closeout.domain.complaint.ComplaintEvent.ComplaintClosed;
import dev.closeout.domain.complaint.ComplaintEvent.ComplaintReceived;
import dev.closeout.domain.complaint.ComplaintEvent.ComplaintReplied;
import dev.closeout.domain.complaint.ComplaintId;
import dev.closeout.domain.complaint.Referral;
import dev.closeout.projections.support.Concurrently;
import dev.closeout.projections.support.EmbeddedMongo;
import dev.closeout.projections.support.OfficeZone;
import dev.closeout.projections.support.LineStore;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The complaint ledger's lines, a small document each in a slot of its month of receipt. */
class ComplaintLedgerLinesTest {

    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final Instant NOW = Instant.parse("2025-06-20T02:00:00Z");
    private static final Actor SUPERVISOR = Actor.supervisor("s");
    /** Received on the 10th of January to May 2025, 0:00 in the ledger zone. */
    private static final List<Instant> MONTHS = List.of(Instant.parse("2025-01-09T16:00:00Z"),
            Instant.parse("2025-02-09T16:00:00Z"), Instant.parse("2025-03-09T16:00:00Z"),
            Instant.parse("2025-04-09T16:00:00Z"), Instant.parse("2025-05-09T16:00:00Z"));

    private EmbeddedMongo mongo;
    private MongoDatabase database;
    private ComplaintLedgerProjection projection;
    private ComplaintLedgerQueries queries;

    @BeforeEach
    void start() {
        mongo = new EmbeddedMongo();
        database = mongo.database("complaints");
        projection = new ComplaintLedgerProjection(database, new OfficeZone(ZONE));
        queries = new ComplaintLedgerQueries(database, new OfficeZone(ZONE),
                Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @AfterEach
    void stop() {
        mongo.close();
    }

    /** Receives, assigns every second complaint, replies to every third and closes every fifth. */
    private static void lifeOf(ComplaintLedgerProjection projection, String id, Instant receivedAt, int i) {
        ComplaintId complaint = new ComplaintId(id);
        projection.on(new ComplaintReceived(complaint, ComplaintChannel.HOTLINE_12345, Referral.values()[0], "噪音",
                "夜间施工", null, "环境", receivedAt, SUPERVISOR), 0, NOW);
        if (i % 2 == 0) {
            projection.on(new ComplaintAssigned(complaint, i % 4 == 0 ? "DEPT-A" : "DEPT-B",
                    LocalDate.of(2025, 12, 31), SUPERVISOR), 1, NOW);
        }
        if (i % 3 == 0) {
            projection.on(new ComplaintReplied(complaint, "已处理", SUPERVISOR), 2, NOW);
        }
        if (i % 5 == 0) {
            projection.on(new ComplaintClosed(complaint, SUPERVISOR), 3, NOW);
        }
    }

    private void receiveEachMonth(int perMonth) {
        for (int m = 0; m < MONTHS.size(); m++) {
            for (int i = 0; i < perMonth; i++) {
                lifeOf(projection, "c-" + m + "-" + i, MONTHS.get(m), i);
            }
        }
    }

    private List<Document> lines() {
        return database.getCollection(ComplaintLedgerProjection.COLLECTION).find().into(new ArrayList<>());
    }

    @Test
    void a_period_of_several_months_counts_every_line_of_every_month_it_spans() {
        receiveEachMonth(10);

        assertThat(lines()).hasSize(5 * 10).allSatisfy(d -> assertThat(d.get(LineStore.LINE)).isNotNull());
        ComplaintLedgerReport february_to_april = queries.report(LocalDate.of(2025, 2, 1), LocalDate.of(2025, 4, 30));
        assertThat(february_to_april.total().received()).isEqualTo(30);
        assertThat(february_to_april.total().closed()).isEqualTo(6);
        assertThat(february_to_april.total().replied()).isEqualTo(12);
        assertThat(february_to_april.departments()).extracting(ComplaintLedgerReport.DepartmentFigures::department)
                .containsExactly("DEPT-A", "DEPT-B", ComplaintLedgerReport.UNASSIGNED);
        assertThat(february_to_april.departments().get(0).figures().received()).isEqualTo(9);
        assertThat(queries.report(LocalDate.of(2025, 1, 11), LocalDate.of(2025, 5, 10)).total().received())
                .as("January's lines fall before the period").isEqualTo(40);
    }

    /** 响应率: a complaint still within its time limit, or not yet assigned one, is not yet a failure to respond. */
    @Test
    void the_response_rate_counts_a_complaint_once_it_was_replied_to_or_its_due_date_has_passed() {
        Instant june = Instant.parse("2025-06-01T02:00:00Z");
        String[][] complaints = {{"within-limit", "2025-12-31", "no"}, {"past-due", "2025-06-10", "no"},
                {"replied", "2025-12-31", "yes"}, {"unassigned", null, "no"}};
        for (String[] c : complaints) {
            ComplaintId id = new ComplaintId(c[0]);
            projection.on(new ComplaintReceived(id, ComplaintChannel.HOTLINE_12345, Referral.values()[0], "噪音",
                    "夜间施工", null, "环境", june, SUPERVISOR), 0, june);
            if (c[1] != null) {
                projection.on(new ComplaintAssigned(id, "DEPT-A", LocalDate.parse(c[1]), SUPERVISOR), 1, june);
            }
            if (c[2].equals("yes")) {
                projection.on(new ComplaintReplied(id, "已处理", SUPERVISOR), 2, june);
            }
        }

        ComplaintLedgerReport.Figures june_figures = queries.report(LocalDate.of(2025, 6, 1),
                LocalDate.of(2025, 6, 30)).total();
        assertThat(june_figures.received()).isEqualTo(4);
        assertThat(june_figures.replied()).isEqualTo(1);
        assertThat(june_figures.responseDue()).isEqualTo(2);
        assertThat(june_figures.responseRate()).isEqualTo(0.5);
    }

    /**
     * A period that has ended is judged at its end: a complaint due on its last day and unanswered then is past its
     * limit for that period (季度末), where a read as of that day still shows it within its limit.
     */
    @Test
    void a_complaint_due_on_an_ended_periods_last_day_and_unanswered_counts_as_due_for_that_period() {
        Instant may = Instant.parse("2025-05-02T02:00:00Z");
        ComplaintId id = new ComplaintId("due-on-the-last-day");
        projection.on(new ComplaintReceived(id, ComplaintChannel.HOTLINE_12345, Referral.values()[0], "噪音",
                "夜间施工", null, "环境", may, SUPERVISOR), 0, may);
        projection.on(new ComplaintAssigned(id, "DEPT-A", LocalDate.of(2025, 5, 31), SUPERVISOR), 1, may);

        ComplaintLedgerReport.Figures period = queries.periodReport(LocalDate.of(2025, 5, 1), LocalDate.of(2025, 5, 31))
                .total();
        ComplaintLedgerReport.Figures thatDay = queries.report(LocalDate.of(2025, 5, 1), LocalDate.of(2025, 5, 31),
                LocalDate.of(2025, 5, 31)).total();

        assertThat(period.responseDue()).isEqualTo(1);
        assertThat(period.overdue()).isEqualTo(1);
        assertThat(thatDay.responseDue()).isZero();
    }

    @Test
    void redelivered_events_change_no_line_and_take_no_slot() {
        receiveEachMonth(7);
        ComplaintLedgerReport before = queries.report(LocalDate.of(2025, 1, 1), LocalDate.of(2025, 5, 31));
        List<Document> linesBefore = lines();
        List<Document> monthsBefore = database.getCollection(ComplaintLedgerProjection.MONTHS).find()
                .into(new ArrayList<>());

        receiveEachMonth(7);

        assertThat(queries.report(LocalDate.of(2025, 1, 1), LocalDate.of(2025, 5, 31))).isEqualTo(before);
        assertThat(lines()).isEqualTo(linesBefore);
        assertThat(database.getCollection(ComplaintLedgerProjection.MONTHS).find().into(new ArrayList<>()))
                .isEqualTo(monthsBefore);
    }

    @Test
    void segments_receiving_complaints_of_one_month_at_once_neither_lose_nor_duplicate_a_line() throws Exception {
        int threads = 8;
        int perThread = 200;
        Concurrently.run(threads, perThread, (thread, i) -> lifeOf(projection, "c-" + thread + "-" + i, MONTHS.get(4), i));

        assertThat(lines()).hasSize(threads * perThread);
        ComplaintLedgerReport may = queries.report(LocalDate.of(2025, 5, 1), LocalDate.of(2025, 5, 31));
        assertThat(may.total().received()).isEqualTo(threads * perThread);
        assertThat(may.total().closed()).isEqualTo(threads * 40L);
    }

    @Test
    void a_reset_clears_every_line_index_entry_and_month_and_drops_the_buckets_of_the_earlier_layout() {
        receiveEachMonth(4);
        database.getCollection(ComplaintLedgerProjection.BUCKETS).insertOne(new Document("_id", "7:2025-05|1:0|"));

        projection.reset();

        for (String collection : List.of(ComplaintLedgerProjection.COLLECTION, ComplaintLedgerProjection.MONTHS,
                ComplaintLedgerProjection.COMPLAINT_INDEX)) {
            assertThat(database.getCollection(collection).countDocuments()).as(collection).isZero();
        }
        assertThat(database.listCollectionNames().into(new ArrayList<>())).doesNotContain(ComplaintLedgerProjection.BUCKETS);
        assertThat(queries.report(LocalDate.of(2025, 1, 1), LocalDate.of(2025, 5, 31)).total().received()).isZero();
    }
}
