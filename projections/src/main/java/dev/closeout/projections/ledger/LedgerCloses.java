package dev.closeout.projections.ledger;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import dev.closeout.projections.support.DocumentMapper;
import dev.closeout.projections.support.Keys;
import dev.closeout.projections.support.Slots;
import org.bson.Document;

import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The daily close (日结) of ledgers: a ledger's figures at the end of a day, one small document per ledger
 * and day, keyed {@code Keys.of(ledger, day)} and read by exact keys. A close is recorded once and never
 * rewritten: it is what the ledger said that day, with the colour thresholds of that day. It is not part
 * of the ledger read model and a rebuild leaves it alone (decision 0012).
 */
public final class LedgerCloses {

    /** The closes: {@code {_id: Keys.of(ledger, day), ledger, day, closedAt, figures}}. */
    public static final String COLLECTION = "ledger_closes";

    private final MongoCollection<Document> closes;

    LedgerCloses(MongoDatabase database) {
        this.closes = database.getCollection(COLLECTION);
    }

    private static String key(String ledger, LocalDate day) {
        return Keys.of(ledger, day);
    }

    /** The recorded closes of these days, by day; a day not closed yet is absent. */
    Map<LocalDate, LedgerSummary> of(String ledger, List<LocalDate> days) {
        Map<String, LocalDate> keys = new HashMap<>();
        days.forEach(day -> keys.put(key(ledger, day), day));
        Map<LocalDate, LedgerSummary> found = new HashMap<>();
        for (List<String> batch : Slots.batches(List.copyOf(keys.keySet()))) {
            for (Document close : closes.find(Filters.in("_id", batch))) {
                found.put(keys.get(close.getString("_id")),
                        DocumentMapper.fromDocument(close.get("figures", Document.class), LedgerSummary.class));
            }
        }
        return found;
    }

    /** Records a day's close unless one was recorded before; the first close of a day stands. */
    void record(LocalDate day, LedgerSummary figures, Instant at) {
        closes.updateOne(Filters.eq("_id", key(figures.ledger(), day)),
                new Document("$setOnInsert", new Document("ledger", figures.ledger()).append("day", day.toString())
                        .append("closedAt", at.toString()).append("figures", DocumentMapper.toDocument(figures))),
                new UpdateOptions().upsert(true));
    }
}
