package dev.closeout.projections.ledger;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import dev.closeout.domain.task.TaskStatus;
import dev.closeout.projections.support.LineReader;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The tasks that wait on a supervisor's decision, over every ledger: closure requests (销号申请) and
 * extension requests (延期申请), soonest due first. Read from the ledgers' lines by exact keys, as
 * {@link OpenTasks} reads them: the small ledger documents name their departments, and each line carries
 * its status and whether an extension is pending. The cost is one read of every ledger's lines
 * (about 100 bytes a line), whatever few of them wait; the tasks' views are then read for those only.
 */
public class PendingDecisions {

    /** A task waiting on a decision; both requests may wait at once. */
    public record Entry(String taskId, String ledger, String department, LocalDate dueDate,
                        boolean closureRequested, boolean extensionRequested) {
    }

    private final LedgerLines ledgers;

    public PendingDecisions(MongoDatabase database) {
        this(new LedgerLines(database));
    }

    /** Reading the lines through {@code lines}, which may hold a copy of them shared by other readers. */
    public PendingDecisions(LedgerLines lines) {
        this.ledgers = lines;
    }

    public List<Entry> all() {
        List<Entry> waiting = new ArrayList<>();
        for (LineReader.Line listed : ledgers.of(Filters.empty(), null)) {
            LedgerLine line = LedgerLine.of(listed);
            boolean closure = line.status() == TaskStatus.CLOSURE_REQUESTED;
            if (closure || line.extensionPending()) {
                waiting.add(new Entry(listed.itemId(), listed.field("ledger"), listed.field("department"),
                        line.dueDate(), closure, line.extensionPending()));
            }
        }
        waiting.sort(Comparator.comparing(Entry::dueDate).thenComparing(Entry::taskId));
        return waiting;
    }
}
