package dev.closeout.projections.ledger;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import dev.closeout.projections.support.LineMirror;
import dev.closeout.projections.support.LineReader;
import org.bson.Document;
import org.bson.conversions.Bson;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The task lines of ledgers, read by exact keys: the ledgers' small documents name their
 * departments, each department's counter gives its slots, and the lines are fetched by those keys;
 * or, with a {@link LineMirror copy} of the lines held in memory, only the lines written since the
 * copy was last brought up to date (decision 0017). One instance is shared by the readers of an
 * application, so that they share its copy.
 */
public final class LedgerLines {

    private final MongoCollection<Document> ledgers;
    private final LineReader reader;
    private final LineMirror mirror;

    /** Lines read from the store at every read, without a copy. */
    public LedgerLines(MongoDatabase database) {
        this.ledgers = database.getCollection(LedgerProjection.LEDGERS);
        this.reader = new LineReader(database, LedgerProjection.COLLECTION, LedgerProjection.FILL);
        this.mirror = null;
    }

    /**
     * Lines answered from a copy of at most {@code capacity} lines, brought up to date from the ledgers'
     * change log at every read; {@code clock} times how long a missing change is looked for.
     */
    public LedgerLines(MongoDatabase database, int capacity, Clock clock) {
        this.ledgers = database.getCollection(LedgerProjection.LEDGERS);
        this.mirror = new LineMirror(database, LedgerProjection.COLLECTION, LedgerProjection.FILL,
                LedgerProjection.CHANGES, capacity, clock);
        this.reader = new LineReader(database, LedgerProjection.COLLECTION, LedgerProjection.FILL, mirror);
    }

    /** How many lines the copy holds now (0 without one). */
    public int held() {
        return mirror == null ? 0 : mirror.held();
    }

    /** The lines of the ledgers {@code which} selects, of {@code department}'s tasks, or all when it is {@code null}. */
    List<LineReader.Line> of(Bson which, String department) {
        List<String> groups = new ArrayList<>();
        for (Document ledger : ledgers.find(which)) {
            groups.addAll(LedgerProjection.groups(ledger, department));
        }
        return reader.lines(groups);
    }

    /** Whether the ledger has a document: a task was registered on it. One read by key. */
    boolean exists(String ledger) {
        return ledgers.find(Filters.eq("_id", ledger)).projection(Projections.include("_id")).first() != null;
    }

    /** The names of every ledger, in no particular order. */
    List<String> names() {
        List<String> names = new ArrayList<>();
        for (Document ledger : ledgers.find().projection(Projections.include("_id"))) {
            names.add(ledger.getString("_id"));
        }
        return names;
    }

    /** The departments every ledger lists (those that lead a task on it), in no particular order, each once. */
    Set<String> departments() {
        Set<String> departments = new HashSet<>();
        for (Document ledger : ledgers.find().projection(Projections.include(LedgerProjection.DEPARTMENTS))) {
            departments.addAll(ledger.getList(LedgerProjection.DEPARTMENTS, String.class, List.of()));
        }
        return departments;
    }
}
