package dev.closeout.projections.ledger;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import dev.closeout.domain.time.Colour;
import dev.closeout.domain.time.ColourPolicy;
import dev.closeout.domain.time.DeadlinePolicy;
import dev.closeout.projections.support.LineReader;
import dev.closeout.projections.support.OfficeZone;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The open tasks a department leads, over every ledger, most urgent first: red, yellow, blue, then the
 * soonest due. Read from the ledger's lines: the small ledger documents name their departments, so
 * only that department's lines are fetched, by exact keys. The colour is judged from the lines as
 * the ledger's figures are.
 */
public class OpenTasks {

    /** One open task: enough to order a worklist and count it; the rest is in the task's view. */
    public record Entry(String taskId, String ledger, String department, Colour colour, LocalDate dueDate) {
    }

    private static final Comparator<Entry> MOST_URGENT_FIRST = Comparator
            .comparing((Entry e) -> e.colour().ordinal(), Comparator.reverseOrder())
            .thenComparing(Entry::dueDate).thenComparing(Entry::taskId);

    private final LedgerLines ledgers;
    private final OfficeZone zone;
    private final Clock clock;
    private final DeadlinePolicy policy;

    public OpenTasks(MongoDatabase database, OfficeZone zone, Clock clock, DeadlinePolicy policy) {
        this(new LedgerLines(database), zone, clock, policy);
    }

    /** Reading the lines through {@code lines}, which may hold a copy of them shared by other readers. */
    public OpenTasks(LedgerLines lines, OfficeZone zone, Clock clock, DeadlinePolicy policy) {
        this.ledgers = lines;
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
        Map<String, ColourPolicy> colours = new HashMap<>();
        List<Entry> open = new ArrayList<>();
        for (LineReader.Line listed : ledgers.of(ledgerName == null ? Filters.empty() : Filters.eq("_id", ledgerName),
                department)) {
            addIfOpen(listed, today, colours, open);
        }
        open.sort(MOST_URGENT_FIRST);
        return open;
    }

    /**
     * The open tasks {@code department} supports (配合单位) and does not lead, on one ledger or on all when
     * {@code ledgerName} is {@code null}, most urgent first. The
     * lines hold no key by supporting department, so every line is looked at: from the copy of the lines each
     * instance holds, a county's 10,000 in memory, as the supervisors' overview reads them.
     */
    public List<Entry> supportedBy(String department, String ledgerName) {
        LocalDate today = zone.today(clock);
        Map<String, ColourPolicy> colours = new HashMap<>();
        List<Entry> open = new ArrayList<>();
        for (LineReader.Line listed : ledgers.of(ledgerName == null ? Filters.empty() : Filters.eq("_id", ledgerName),
                null)) {
            String supporting = listed.field(LedgerProjection.SUPPORTING);
            if (supporting == null || department.equals(listed.field(LedgerProjection.DEPARTMENT))
                    || !List.of(supporting.split(LedgerProjection.SUPPORTING_SEPARATOR)).contains(department)) {
                continue;
            }
            addIfOpen(listed, today, colours, open);
        }
        open.sort(MOST_URGENT_FIRST);
        return open;
    }

    /** The line's task, coloured as its ledger's figures colour it, when it is open. */
    private void addIfOpen(LineReader.Line listed, LocalDate today, Map<String, ColourPolicy> colours, List<Entry> open) {
        LedgerLine line = LedgerLine.of(listed);
        if (line.status().isOpen()) {
            String ledger = listed.field("ledger");
            Colour colour = colours.computeIfAbsent(ledger, policy::colourPolicy).assess(line.timeline(), today).colour();
            open.add(new Entry(listed.itemId(), ledger, listed.field(LedgerProjection.DEPARTMENT), colour,
                    line.dueDate()));
        }
    }
}
