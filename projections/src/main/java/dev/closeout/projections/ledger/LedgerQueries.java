package dev.closeout.projections.ledger;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import dev.closeout.domain.task.MilestoneStatus;
import dev.closeout.domain.task.TaskStatus;
import dev.closeout.domain.time.Colour;
import dev.closeout.domain.time.ColourPolicy;
import dev.closeout.domain.time.DeadlinePolicy;
import dev.closeout.projections.ledger.LedgerSummary.DepartmentSummary;
import dev.closeout.projections.support.OfficeZone;
import dev.closeout.projections.support.LineReader;
import dev.closeout.domain.time.DueDates;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/** Reads the ledger: figures computed from all its task lines as of today in the ledger's zone. */
public class LedgerQueries {

    private final LedgerLines ledgers;
    private final OfficeZone zone;
    private final Clock clock;
    private final DeadlinePolicy policy;

    public LedgerQueries(MongoDatabase database, OfficeZone zone, Clock clock, DeadlinePolicy policy) {
        this.ledgers = new LedgerLines(database);
        this.zone = zone;
        this.clock = clock;
        this.policy = policy;
    }

    /** The figures of a ledger, or empty when no task was ever registered on it. */
    public Optional<LedgerSummary> summary(String ledger) {
        List<LineReader.Line> lines = ledgers.of(Filters.eq("_id", ledger), null);
        if (lines.isEmpty()) {
            return Optional.empty();
        }
        LocalDate today = zone.today(clock);
        ColourPolicy colours = policy.colourPolicy(ledger);
        Map<String, Tally> byDepartment = new TreeMap<>();
        Tally total = new Tally();
        for (LineReader.Line listed : lines) {
            LedgerLine line = LedgerLine.fromDocument(listed.line());
            Colour colour = colours.assess(line.timeline(), today).colour();
            byDepartment.computeIfAbsent(listed.field("department"), d -> new Tally()).add(line, today, colour);
            total.add(line, today, colour);
        }
        List<DepartmentSummary> rows = new ArrayList<>();
        byDepartment.forEach((department, tally) -> rows.add(new DepartmentSummary(department, tally.registered,
                tally.withdrawn, tally.closed, tally.open(), tally.overdue, tally.closureRate(), tally.onTimeRate(),
                tally.colours(), tally.closedLate, tally.milestones())));
        return Optional.of(new LedgerSummary(ledger, total.registered, total.withdrawn, total.closed, total.open(),
                total.overdue, total.closureRate(), total.onTimeRate(), total.colours(), total.closedLate,
                total.milestones(), List.copyOf(rows)));
    }

    /** The names of all ledgers, sorted. */
    public List<String> names() {
        return ledgers.names().stream().sorted().toList();
    }

    /**
     * Ids of the ledger's tasks, soonest due first and then by id (the order the entries are paged
     * in), optionally of one lead department, in one status, and of the given colours today (judged
     * from the lines as the figures are, so a board's counts and its listed items agree).
     */
    public List<String> taskIds(String ledger, String department, TaskStatus status, Set<Colour> colours) {
        LocalDate today = zone.today(clock);
        ColourPolicy policyOfLedger = policy.colourPolicy(ledger);
        List<Map.Entry<String, LedgerLine>> found = new ArrayList<>();
        for (LineReader.Line listed : ledgers.of(Filters.eq("_id", ledger), department)) {
            LedgerLine line = LedgerLine.fromDocument(listed.line());
            if ((status == null || line.status() == status) && (colours == null || colours.isEmpty()
                    || colours.contains(policyOfLedger.assess(line.timeline(), today).colour()))) {
                found.add(Map.entry(listed.itemId(), line));
            }
        }
        return found.stream()
                .sorted(Comparator.comparing((Map.Entry<String, LedgerLine> e) -> e.getValue().dueDate())
                        .thenComparing(Map.Entry::getKey))
                .map(Map.Entry::getKey).toList();
    }

    /**
     * Per lead department, how the deadlines of {@code from}–{@code to} (both inclusive) were kept over
     * the given ledgers, or all of them when {@code ledgerNames} is empty; "today" is each ledger's.
     */
    public List<DepartmentDeadlines> deadlinesKept(LocalDate from, LocalDate to, Set<String> ledgerNames) {
        Map<String, long[]> byDepartment = new TreeMap<>();
        LocalDate today = zone.today(clock);
        for (LineReader.Line listed : ledgers.of(ledgerNames == null || ledgerNames.isEmpty() ? Filters.empty()
                : Filters.in("_id", List.copyOf(ledgerNames)), null)) {
            countDeadline(LedgerLine.fromDocument(listed.line()), from, to, today,
                    byDepartment.computeIfAbsent(listed.field("department"), d -> new long[6]));
        }
        List<DepartmentDeadlines> result = new ArrayList<>();
        byDepartment.forEach((department, t) -> result.add(new DepartmentDeadlines(department, t[0], t[1], t[2], t[3],
                t[4], t[5], t[2] == 0 ? null : (double) t[3] / t[2])));
        return result;
    }

    /** Adds one line to {registered, due, reckoned, closedOnTime, closedLate, openPastDue}. */
    private static void countDeadline(LedgerLine line, LocalDate from, LocalDate to, LocalDate today, long[] tally) {
        if (line.status() == TaskStatus.WITHDRAWN) {
            return;
        }
        if (!line.registeredOn().isBefore(from) && !line.registeredOn().isAfter(to)) {
            tally[0]++;
        }
        if (line.dueDate().isBefore(from) || line.dueDate().isAfter(to)) {
            return;
        }
        tally[1]++;
        boolean closed = line.status() == TaskStatus.CLOSED;
        boolean pastDue = DueDates.overdue(line.dueDate(), today);
        if (closed || pastDue) {
            tally[2]++;
        }
        if (closed && Boolean.TRUE.equals(line.closedOnTime())) {
            tally[3]++;
        } else if (closed) {
            tally[4]++;
        } else if (pastDue) {
            tally[5]++;
        }
    }

    private static final class Tally {
        long registered;
        long withdrawn;
        long closed;
        long closedOnTime;
        long overdue;
        long closedLate;
        long milestonesPlanned;
        long milestonesDue;
        long milestonesMet;
        long milestonesMissed;
        final Map<Colour, Long> colours = new EnumMap<>(Colour.class);

        void add(LedgerLine line, LocalDate today, Colour colour) {
            registered++;
            if (line.status() == TaskStatus.WITHDRAWN) {
                withdrawn++;
                return;
            }
            line.milestones().forEach(m -> countMilestone(m, today));
            if (line.status() == TaskStatus.CLOSED) {
                closed++;
                if (Boolean.TRUE.equals(line.closedOnTime())) {
                    closedOnTime++;
                }
                if (line.everOverdue()) {
                    closedLate++;
                }
                return;
            }
            if (DueDates.overdue(line.dueDate(), today)) {
                overdue++;
            }
            colours.merge(colour, 1L, Long::sum);
        }

        /** Due once its date has come; missed as the colour rule judges it, by the one overdue rule. */
        private void countMilestone(LedgerLine.LineMilestone milestone, LocalDate today) {
            milestonesPlanned++;
            if (milestone.dueDate().isAfter(today)) {
                return;
            }
            milestonesDue++;
            if (milestone.status() == MilestoneStatus.MET) {
                milestonesMet++;
            } else if (milestone.status().awaitsDepartment() && DueDates.overdue(milestone.dueDate(), today)) {
                milestonesMissed++;
            }
        }

        LedgerSummary.MilestoneFigures milestones() {
            return new LedgerSummary.MilestoneFigures(milestonesPlanned, milestonesDue, milestonesMet, milestonesMissed,
                    ratio(milestonesMet, milestonesDue));
        }

        /** Every colour, zeros included, so a board shows three counts. */
        Map<Colour, Long> colours() {
            Map<Colour, Long> all = new EnumMap<>(Colour.class);
            for (Colour colour : Colour.values()) {
                all.put(colour, colours.getOrDefault(colour, 0L));
            }
            return all;
        }

        long open() {
            return registered - withdrawn - closed;
        }

        double closureRate() {
            return ratio(closed, registered - withdrawn);
        }

        double onTimeRate() {
            return ratio(closedOnTime, closed);
        }

        private static double ratio(long numerator, long denominator) {
            return denominator == 0 ? 0.0 : (double) numerator / denominator;
        }
    }
}
