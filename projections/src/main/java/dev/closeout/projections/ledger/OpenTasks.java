package dev.closeout.projections.ledger;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import dev.closeout.domain.time.Colour;
import dev.closeout.domain.time.ColourPolicy;
import dev.closeout.domain.time.DeadlinePolicy;
import dev.closeout.projections.support.Keys;
import dev.closeout.projections.support.LineBuckets;
import dev.closeout.projections.support.OfficeZone;
import org.bson.Document;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The open tasks a department leads, over every ledger, most urgent first: red, yellow, blue, then the
 * soonest due. Read from the ledger's lines: the small ledger documents name their buckets, and a
 * bucket's key begins with its ledger and department, so only that department's buckets are fetched,
 * by exact key. The colour is judged from the lines as the ledger's figures are.
 */
public class OpenTasks {

    /** One open task: enough to order a worklist and count it; the rest is in the task's view. */
    public record Entry(String taskId, String ledger, String department, Colour colour, LocalDate dueDate) {
    }

    private static final Comparator<Entry> MOST_URGENT_FIRST = Comparator
            .comparing((Entry e) -> e.colour().ordinal(), Comparator.reverseOrder())
            .thenComparing(Entry::dueDate).thenComparing(Entry::taskId);

    private final MongoCollection<Document> ledgers;
    private final MongoCollection<Document> buckets;
    private final OfficeZone zone;
    private final Clock clock;
    private final DeadlinePolicy policy;

    public OpenTasks(MongoDatabase database, OfficeZone zone, Clock clock, DeadlinePolicy policy) {
        this.ledgers = database.getCollection(LedgerProjection.LEDGERS);
        this.buckets = database.getCollection(LedgerProjection.COLLECTION);
        this.zone = zone;
        this.clock = clock;
        this.policy = policy;
    }

    /**
     * The open tasks {@code department} leads, or of every department when it is {@code null}; on one
     * ledger, or on all when {@code ledgerName} is {@code null}.
     */
    public List<Entry> of(String department, String ledgerName) {
        LocalDate today = zone.today(clock);
        List<Entry> open = new ArrayList<>();
        for (Document ledger : ledgerName == null ? ledgers.find() : ledgers.find(Filters.eq("_id", ledgerName))) {
            String name = ledger.getString("_id");
            List<String> keys = ledger.getList("buckets", String.class, List.of()).stream()
                    .filter(key -> department == null
                            || key.startsWith(Keys.of(LedgerProjection.departmentKey(name, department))))
                    .toList();
            if (keys.isEmpty()) {
                continue;
            }
            ColourPolicy colours = policy.colourPolicy(name);
            for (Document bucket : buckets.find(Filters.in("_id", keys))) {
                String lead = bucket.getString("department");
                for (Map.Entry<String, Object> e : LineBuckets.lines(bucket).entrySet()) {
                    LedgerLine line = LedgerLine.fromDocument((Document) e.getValue());
                    if (line.status().isOpen()) {
                        open.add(new Entry(e.getKey(), name, lead, colours.assess(line.timeline(), today).colour(),
                                line.dueDate()));
                    }
                }
            }
        }
        open.sort(MOST_URGENT_FIRST);
        return open;
    }
}
