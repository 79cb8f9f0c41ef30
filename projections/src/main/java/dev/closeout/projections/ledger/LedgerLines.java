package dev.closeout.projections.ledger;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Projections;
import dev.closeout.projections.support.LineReader;
import org.bson.Document;
import org.bson.conversions.Bson;

import java.util.ArrayList;
import java.util.List;

/**
 * The task lines of ledgers, read by exact keys: the ledgers' small documents name their
 * departments, each department's counter gives its slots, and the lines are fetched by those keys.
 */
final class LedgerLines {

    private final MongoCollection<Document> ledgers;
    private final LineReader reader;

    LedgerLines(MongoDatabase database) {
        this.ledgers = database.getCollection(LedgerProjection.LEDGERS);
        this.reader = new LineReader(database, LedgerProjection.COLLECTION, LedgerProjection.FILL);
    }

    /** The lines of the ledgers {@code which} selects, of {@code department}'s tasks, or all when it is {@code null}. */
    List<LineReader.Line> of(Bson which, String department) {
        List<String> groups = new ArrayList<>();
        for (Document ledger : ledgers.find(which)) {
            groups.addAll(LedgerProjection.groups(ledger, department));
        }
        return reader.lines(groups);
    }

    /** The names of every ledger, in no particular order. */
    List<String> names() {
        List<String> names = new ArrayList<>();
        for (Document ledger : ledgers.find().projection(Projections.include("_id"))) {
            names.add(ledger.getString("_id"));
        }
        return names;
    }
}
