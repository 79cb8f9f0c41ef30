package dev.closeout.projections.support;

import com.mongodb.client.MongoDatabase;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A line read as it stood at the end of any day, by exact keys, however many days changed it. */
class LineVersionsTest {

    private static final LocalDate FIRST = LocalDate.of(2026, 3, 2);

    private EmbeddedMongo mongo;
    private LineStore store;
    private LineReader reader;
    private LineVersions versions;

    @BeforeEach
    void start() {
        mongo = new EmbeddedMongo();
        MongoDatabase database = mongo.database("versions");
        store = new LineStore(database, "lines", "index", "fill", null, null, List.of(), "line_versions");
        reader = new LineReader(database, "lines", "fill");
        versions = new LineVersions(database, "line_versions");
    }

    @AfterEach
    void stop() {
        mongo.close();
    }

    @Test
    void every_past_day_reads_the_line_as_it_stood_at_that_days_end() {
        // "a" enters on the first day and changes twice a day on every third day; "b" enters on day 10
        Map<LocalDate, Integer> valueOfA = new HashMap<>();
        store.enter("a", "g", null, null, line(0, 0), Map.of(), FIRST);
        long seq = 0;
        int value = 0;
        for (int day = 0; day < 40; day++) {
            LocalDate date = FIRST.plusDays(day);
            if (day > 0 && day % 3 == 0) {
                for (int twice = 0; twice < 2; twice++) {
                    int next = ++value;
                    store.change("a", ++seq, date, line -> line(0, next));
                }
            }
            if (day == 10) {
                store.enter("b", "g", null, null, line(0, 100), Map.of(), date);
            }
            valueOfA.put(date, value);
        }
        // a redelivered event and one that changes nothing but the sequence number keep no new version
        store.change("a", seq, FIRST.plusDays(45), line -> line(0, -1));
        store.change("a", ++seq, FIRST.plusDays(45), line -> line(0, valueOfA.get(FIRST.plusDays(39))));

        List<LineReader.Line> now = reader.lines(List.of("g"));
        for (int day = -1; day < 50; day++) {
            LocalDate date = FIRST.plusDays(day);
            Map<String, Integer> asOf = new HashMap<>();
            versions.asOf(now, date).forEach(l -> asOf.put(l.itemId(), l.line().getInteger("value")));
            Integer expectedA = day < 0 ? null : valueOfA.getOrDefault(date, value);
            assertThat(asOf.get("a")).as("a on day %s", day).isEqualTo(expectedA);
            assertThat(asOf.get("b")).as("b on day %s", day).isEqualTo(day < 10 ? null : 100);
        }
        assertThat(now.stream().filter(l -> l.itemId().equals("a")).findFirst().orElseThrow().line()
                .get(LineVersions.COUNT)).isEqualTo(14L);
    }

    private static Document line(long seq, int value) {
        return new Document(LineStore.SEQ, seq).append("value", value);
    }
}
