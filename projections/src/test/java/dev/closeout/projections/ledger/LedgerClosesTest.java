package dev.closeout.projections.ledger;

import com.mongodb.client.MongoDatabase;
import dev.closeout.domain.common.Actor;
import dev.closeout.domain.common.InvalidValueException;
import dev.closeout.domain.task.TaskEvent.TaskClaimed;
import dev.closeout.domain.task.TaskEvent.TaskClosed;
import dev.closeout.domain.task.TaskEvent.TaskRegistered;
import dev.closeout.domain.task.TaskId;
import dev.closeout.domain.task.TaskSource;
import dev.closeout.domain.time.DeadlinePolicy;
import dev.closeout.projections.support.EmbeddedMongo;
import dev.closeout.projections.support.OfficeZone;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The daily close (日结): when a past day's figures are recorded, and that a recorded close is what is read. */
class LedgerClosesTest {

    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final String LEDGER = "日结台账";
    private static final LocalDate DAY = LocalDate.of(2025, 5, 20);
    /** 10:00 in Beijing on {@link #DAY}. */
    private static final Instant MORNING = Instant.parse("2025-05-20T02:00:00Z");
    private static final Actor SUPERVISOR = Actor.supervisor("s");

    private EmbeddedMongo mongo;
    private MongoDatabase database;
    private LedgerProjection projection;

    @BeforeEach
    void start() {
        mongo = new EmbeddedMongo();
        database = mongo.database("closes");
        projection = new LedgerProjection(database, new OfficeZone(ZONE));
        projection.on(new TaskRegistered(new TaskId("t-1"), LEDGER, "任务", null, "DEPT-A", List.of(), null,
                TaskSource.SELF_IDENTIFIED, DAY.plusDays(3), SUPERVISOR, null), 0, MORNING);
        // closed at 23:30 in Beijing: the last minutes of the day
        projection.on(new TaskClaimed(new TaskId("t-1"), SUPERVISOR), 1, MORNING);
        projection.on(new TaskClosed(new TaskId("t-1"), SUPERVISOR), 2, Instant.parse("2025-05-20T15:30:00Z"));
    }

    @AfterEach
    void stop() {
        mongo.close();
    }

    private LedgerQueries at(Instant now, boolean rebuilding) {
        return new LedgerQueries(database, new OfficeZone(ZONE), Clock.fixed(now, ZoneOffset.UTC),
                DeadlinePolicy.standard(ZONE), () -> rebuilding);
    }

    private long closes() {
        return database.getCollection(LedgerCloses.COLLECTION).countDocuments();
    }

    @Test
    void a_day_is_closed_once_settled_and_not_while_the_ledger_is_rebuilt_and_its_close_is_what_is_read_after() {
        // 00:30 the next day: answered from the lines, not recorded yet
        Instant halfPastMidnight = Instant.parse("2025-05-20T16:30:00Z");
        assertThat(at(halfPastMidnight, false).summary(LEDGER, DAY).orElseThrow().closed()).isEqualTo(1);
        assertThat(closes()).isZero();
        // a day later, while the ledger is rebuilt: still not recorded
        Instant nextMorning = MORNING.plusSeconds(86_400);
        assertThat(at(nextMorning, true).summary(LEDGER, DAY).orElseThrow().closed()).isEqualTo(1);
        assertThat(closes()).isZero();
        // the day before the ledger's first task reads as zeros and is never recorded
        assertThat(at(nextMorning, false).summary(LEDGER, DAY.minusDays(1)).orElseThrow().registered()).isZero();
        assertThat(closes()).isZero();

        assertThat(at(nextMorning, false).summary(LEDGER, DAY).orElseThrow().closed()).isEqualTo(1);
        assertThat(closes()).isEqualTo(1);
        // what is read afterwards is the recorded close, not a recount
        database.getCollection(LedgerCloses.COLLECTION).updateOne(new Document(),
                new Document("$set", new Document("figures.closed", 7)));
        assertThat(at(nextMorning.plusSeconds(86_400), false).summary(LEDGER, DAY).orElseThrow().closed()).isEqualTo(7);
        assertThat(at(nextMorning, false).trend(LEDGER, DAY, DAY.plusDays(1)).orElseThrow())
                .extracting(LedgerDay::closed).containsExactly(7L, 1L);
    }

    @Test
    void a_day_to_come_and_an_unknown_ledger_are_not_answered() {
        assertThatThrownBy(() -> at(MORNING, false).summary(LEDGER, DAY.plusDays(1)))
                .isInstanceOf(InvalidValueException.class).hasMessageContaining("asOf");
        assertThat(at(MORNING.plusSeconds(86_400), false).summary("没有的台账", DAY)).isEmpty();
    }
}
