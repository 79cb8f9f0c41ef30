package dev.closeout.projections.inspection;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import dev.closeout.projections.support.DocumentMapper;
import dev.closeout.projections.support.Slots;
import dev.closeout.projections.support.ViewDocuments;
import org.bson.Document;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The inspection rounds' read model, every read by exact key: a round's view by its id, the tasks its
 * findings became by their ids ({@value #LINKS}), and the list of rounds as numbered slots of one
 * group ({@link Slots}), so no document grows with the number of rounds.
 */
public class InspectionRounds extends ViewDocuments<InspectionRoundView> {

    public static final String ROUNDS = "inspection_rounds";
    public static final String LINKS = "inspection_task_links";
    public static final String LISTED = "inspection_round_list";
    public static final String COUNTERS = "inspection_round_counters";
    /** The one group every round is listed in. */
    private static final String ALL = "rounds";

    private final MongoCollection<Document> links;
    private final MongoCollection<Document> listed;
    private final MongoCollection<Document> counters;
    private final Slots slots;

    public InspectionRounds(MongoDatabase database) {
        super(database.getCollection(ROUNDS), InspectionRoundView.class, InspectionRoundView::roundId);
        this.links = database.getCollection(LINKS);
        this.listed = database.getCollection(LISTED);
        this.counters = database.getCollection(COUNTERS);
        this.slots = new Slots(database, COUNTERS);
    }

    /** The round with its report, or empty when there is no such round (or it is not projected yet). */
    public Optional<InspectionReport> report(String roundId) {
        return find(roundId).map(round -> InspectionReport.of(round, closedTasks(List.of(round))));
    }

    /** Every round with its report, the most recently opened first. */
    public List<InspectionReport> reports() {
        Set<String> ids = new LinkedHashSet<>();
        for (List<String> batch : Slots.batches(slots.keys(List.of(ALL)))) {
            for (Document entry : listed.find(Filters.in("_id", batch))) {
                ids.add(entry.getString("roundId"));
            }
        }
        List<InspectionRoundView> rounds = findAll(ids);
        Set<String> closed = closedTasks(rounds);
        return rounds.stream()
                .sorted(Comparator.comparing(InspectionRoundView::openedAt).reversed()
                        .thenComparing(InspectionRoundView::roundId))
                .map(round -> InspectionReport.of(round, closed))
                .toList();
    }

    private Set<String> closedTasks(List<InspectionRoundView> rounds) {
        List<String> taskIds = new ArrayList<>();
        rounds.forEach(round -> round.findings().stream().map(InspectionRoundView.Finding::taskId)
                .filter(id -> id != null).forEach(taskIds::add));
        Set<String> closed = new HashSet<>();
        for (List<String> batch : Slots.batches(taskIds)) {
            for (Document link : links.find(Filters.in("_id", batch))) {
                if (link.getBoolean("closed", false)) {
                    closed.add(link.getString("_id"));
                }
            }
        }
        return closed;
    }

    /** Lists a round where {@link #reports()} finds it; a redelivered listing lists it twice, read once. */
    void list(String roundId) {
        listed.insertOne(new Document("_id", slots.take(ALL).key()).append("roundId", roundId));
    }

    /** Remembers the task a finding became, unless it is remembered already. */
    void linked(InspectionTaskLink link) {
        Document fields = DocumentMapper.toDocument(link);
        fields.remove("taskId");
        links.updateOne(Filters.eq("_id", link.taskId()), Updates.setOnInsert(fields),
                new UpdateOptions().upsert(true));
    }

    /**
     * The task was closed ({@code true}) or reopened: a task no finding became matches no link, so this
     * writes nothing for it.
     */
    void taskClosed(String taskId, boolean closed) {
        links.updateOne(Filters.eq("_id", taskId), Updates.set("closed", closed));
    }

    @Override
    public void deleteAll() {
        super.deleteAll();
        links.drop();
        listed.drop();
        counters.drop();
    }
}
