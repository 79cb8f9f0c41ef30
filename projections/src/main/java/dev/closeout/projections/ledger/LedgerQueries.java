package dev.closeout.projections.ledger;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import dev.closeout.domain.common.InvalidValueException;
import dev.closeout.domain.common.Limits;
import dev.closeout.domain.task.MilestoneStatus;
import dev.closeout.domain.task.TaskStatus;
import dev.closeout.domain.time.Assessment;
import dev.closeout.domain.time.Colour;
import dev.closeout.domain.time.ColourPolicy;
import dev.closeout.domain.time.DeadlinePolicy;
import dev.closeout.projections.ledger.LedgerSummary.CategorySummary;
import dev.closeout.projections.ledger.LedgerSummary.DepartmentSummary;
import dev.closeout.projections.ledger.LedgerSummary.LeaderSummary;
import dev.closeout.projections.support.OfficeZone;
import dev.closeout.projections.support.LineReader;
import dev.closeout.projections.support.LineVersions;
import dev.closeout.domain.time.DueDates;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;

/** Reads the ledger: figures computed from all its task lines as of today in the ledger's zone. */
public class LedgerQueries {

    /** The longest trend one request may ask for: a year, leap day included. */
    public static final int MAX_TREND_DAYS = 366;
    /**
     * How long after a day's end its close is first recorded: events stamped before midnight reach the
     * read model within moments; until then a past day is answered from its lines without being recorded.
     */
    public static final Duration SETTLED = Duration.ofHours(1);

    private final LedgerLines ledgers;
    private final LineVersions versions;
    private final LedgerCloses closes;
    private final OfficeZone zone;
    private final Clock clock;
    private final DeadlinePolicy policy;
    private final BooleanSupplier rebuilding;

    public LedgerQueries(MongoDatabase database, OfficeZone zone, Clock clock, DeadlinePolicy policy) {
        this(database, zone, clock, policy, () -> false);
    }

    /**
     * @param rebuilding whether the ledger read model is being rebuilt: its lines are then incomplete, so a past
     *                   day is answered from them but no close is recorded, since a close is kept for good
     */
    public LedgerQueries(MongoDatabase database, OfficeZone zone, Clock clock, DeadlinePolicy policy,
                         BooleanSupplier rebuilding) {
        this(database, new LedgerLines(database), zone, clock, policy, rebuilding);
    }

    /** As above, reading the lines through {@code lines} (which may hold a copy of them, shared by other readers). */
    public LedgerQueries(MongoDatabase database, LedgerLines lines, OfficeZone zone, Clock clock, DeadlinePolicy policy,
                         BooleanSupplier rebuilding) {
        this(database, database, lines, zone, clock, policy, rebuilding);
    }

    /**
     * As above, the read model in {@code readModels} and the daily closes in {@code closes}: a close is recorded
     * once and kept, not derived again from the events, so it belongs where nothing acknowledged is lost, which the
     * read models' store of the embedded default is not (decision 0020).
     */
    public LedgerQueries(MongoDatabase readModels, MongoDatabase closes, LedgerLines lines, OfficeZone zone,
                         Clock clock, DeadlinePolicy policy, BooleanSupplier rebuilding) {
        this.rebuilding = rebuilding;
        this.ledgers = lines;
        this.versions = new LineVersions(readModels, LedgerProjection.VERSIONS);
        this.closes = new LedgerCloses(closes);
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
        return Optional.of(figures(ledger, lines, zone.today(clock)));
    }

    /**
     * The figures of a ledger at the end of {@code day} in the ledger's zone: today's as they stand, a past
     * day's from its close (日结), which is recorded from the lines as they stood then the first time it is
     * asked for once the day is {@link #SETTLED settled}. Empty when no task was ever registered on the
     * ledger; a ledger registered after {@code day} has zero figures that day.
     *
     * @throws InvalidValueException {@code asOf} after today
     */
    public Optional<LedgerSummary> summary(String ledger, LocalDate day) {
        LocalDate today = pastOrToday(day, "asOf");
        if (day.equals(today)) {
            return summary(ledger);
        }
        LedgerSummary closed = closes.of(ledger, List.of(day)).get(day);
        if (closed != null) {
            return Optional.of(closed);
        }
        List<LineReader.Line> lines = ledgers.of(Filters.eq("_id", ledger), null);
        return lines.isEmpty() ? Optional.empty() : Optional.of(close(ledger, lines, day));
    }

    /**
     * The ledger's daily figures from {@code from} to {@code to}, both inclusive, at most {@value #MAX_TREND_DAYS}
     * days and none after today; empty when no task was ever registered on the ledger.
     */
    public Optional<List<LedgerDay>> trend(String ledger, LocalDate from, LocalDate to) {
        Limits.required(from, "from");
        Limits.required(to, "to");
        if (to.isBefore(from)) {
            throw new InvalidValueException("to", "must not be before from (" + from + ")");
        }
        if (ChronoUnit.DAYS.between(from, to) >= MAX_TREND_DAYS) {
            throw new InvalidValueException("to", "the trend may span at most " + MAX_TREND_DAYS + " days");
        }
        LocalDate today = pastOrToday(to, "to");
        List<LocalDate> days = from.datesUntil(to.plusDays(1)).toList();
        Map<LocalDate, LedgerSummary> closed = closes.of(ledger, days.stream().filter(d -> d.isBefore(today)).toList());
        List<LineReader.Line> lines = null;
        List<LedgerDay> trend = new ArrayList<>(days.size());
        for (LocalDate day : days) {
            LedgerSummary figures = closed.get(day);
            if (figures == null) {
                if (lines == null) {
                    lines = ledgers.of(Filters.eq("_id", ledger), null);
                    if (lines.isEmpty()) {
                        return Optional.empty();
                    }
                }
                figures = day.equals(today) ? figures(ledger, lines, today) : close(ledger, lines, day);
            }
            trend.add(LedgerDay.of(day, figures));
        }
        return Optional.of(trend);
    }

    /**
     * The ledger's tasks as they stood at the end of {@code day}, soonest due first and then by id, with the
     * same filters as {@link #taskIds}, judged as they were then; a task registered later is not listed.
     */
    public List<LedgerEntry> entries(String ledger, LocalDate day, String department, TaskStatus status,
                                     Set<Colour> colours) {
        return entries(ledger, day, LedgerFilter.of(department, status, colours));
    }

    /**
     * The ledger's tasks as they stood at the end of {@code day} that {@code filter} keeps, soonest due first and
     * then by id, judged as they were then; a task registered later is not listed.
     */
    public List<LedgerEntry> entries(String ledger, LocalDate day, LedgerFilter filter) {
        pastOrToday(day, "asOf");
        ColourPolicy policyOfLedger = policy.colourPolicy(ledger);
        // a task's leader and category never change, so its lines of today say which past versions to look up
        List<LineReader.Line> owned = ledgers.of(Filters.eq("_id", ledger), filter.department()).stream()
                .filter(filter::owns).toList();
        List<LedgerEntry> found = new ArrayList<>();
        for (LineReader.Line listed : versions.asOf(owned, day)) {
            LedgerLine line = LedgerLine.of(listed);
            Assessment judged = policyOfLedger.assess(line.timeline(), day);
            if (filter.keeps(listed, line, judged::colour)) {
                found.add(new LedgerEntry(listed.itemId(), listed.field(LedgerProjection.DEPARTMENT),
                        listed.field(LedgerProjection.LEADER), listed.field(LedgerProjection.CATEGORY), line.status(),
                        line.dueDate(), line.registeredOn(), line.lastProgressOn(), line.percent(), line.closedOnTime(),
                        line.everOverdue(), line.extensionPending(), judged.colour(), judged.reasons()));
            }
        }
        found.sort(Comparator.comparing(LedgerEntry::dueDate).thenComparing(LedgerEntry::taskId));
        return found;
    }

    /** Today, when {@code day} is not after it; a day to come is refused, naming {@code parameter}. */
    private LocalDate pastOrToday(LocalDate day, String parameter) {
        Limits.required(day, parameter);
        LocalDate today = zone.today(clock);
        if (day.isAfter(today)) {
            throw new InvalidValueException(parameter, "must not be after today (" + today + ")");
        }
        return today;
    }

    /**
     * A past day's figures from the lines as they stood at its end, recorded as the day's close once the
     * day is settled (its last events have had time to reach the read model).
     */
    private LedgerSummary close(String ledger, List<LineReader.Line> lines, LocalDate day) {
        List<LineReader.Line> then = versions.asOf(lines, day);
        LedgerSummary figures = figures(ledger, then, day);
        Instant now = clock.instant();
        // a day before the ledger's first registration stays all zeros, however often it is read
        if (!then.isEmpty() && !now.isBefore(day.plusDays(1).atStartOfDay(zone.zone()).toInstant().plus(SETTLED))
                && !rebuilding.getAsBoolean()) {
            closes.record(day, figures, now);
        }
        return figures;
    }

    /** The figures of these lines judged on {@code today}, overall and per department, leader and category. */
    private LedgerSummary figures(String ledger, List<LineReader.Line> lines, LocalDate today) {
        ColourPolicy colours = policy.colourPolicy(ledger);
        Judged judged = new Judged(policy, ledger, today);
        Map<String, Tally> byDepartment = groups();
        Map<String, Tally> byLeader = groups();
        Map<String, Tally> byCategory = groups();
        Tally total = new Tally();
        for (LineReader.Line listed : lines) {
            LedgerLine line = LedgerLine.of(listed);
            Colour colour = colourOf(listed, line, judged, colours);
            byDepartment.computeIfAbsent(listed.field(LedgerProjection.DEPARTMENT), d -> new Tally())
                    .add(line, today, colour);
            byLeader.computeIfAbsent(listed.field(LedgerProjection.LEADER), d -> new Tally()).add(line, today, colour);
            byCategory.computeIfAbsent(listed.field(LedgerProjection.CATEGORY), d -> new Tally())
                    .add(line, today, colour);
            total.add(line, today, colour);
        }
        return new LedgerSummary(ledger, total.registered, total.withdrawn, total.closed, total.open(),
                total.overdue, total.closureRate(), total.onTimeRate(), total.colours(), total.closedLate,
                total.milestones(), rows(byDepartment, DepartmentSummary::new), rows(byLeader, LeaderSummary::new),
                rows(byCategory, CategorySummary::new));
    }

    /**
     * A line's colour on {@code day} under the ledger's thresholds, kept with the line ({@link LineReader.Line#memo}):
     * a held line is judged once a day rather than at every read, and judging every line was half of what a read of
     * a county ledger's figures cost (a profile of session 25).
     */
    private static Colour colourOf(LineReader.Line listed, LedgerLine line, Judged judged, ColourPolicy colours) {
        return listed.memo(judged, () -> colours.assess(line.timeline(), judged.day()).colour());
    }

    /** What a line's colour is kept under: this instance's policy (the same object, not an equal one), ledger, day. */
    private record Judged(DeadlinePolicy policy, String ledger, LocalDate day) {

        @Override
        public boolean equals(Object other) {
            return other instanceof Judged judged && judged.policy == policy && Objects.equals(judged.ledger, ledger)
                    && judged.day.equals(day);
        }

        @Override
        public int hashCode() {
            return Objects.hash(System.identityHashCode(policy), ledger, day);
        }
    }

    /** Groups by name, sorted, the tasks that name none ({@code null}) last. */
    private static Map<String, Tally> groups() {
        return new TreeMap<>(Comparator.nullsLast(Comparator.naturalOrder()));
    }

    /** One row of figures per group, in the groups' order. */
    private static <R> List<R> rows(Map<String, Tally> groups, Row<R> row) {
        List<R> rows = new ArrayList<>(groups.size());
        groups.forEach((name, tally) -> rows.add(row.of(name, tally.registered, tally.withdrawn, tally.closed,
                tally.open(), tally.overdue, tally.closureRate(), tally.onTimeRate(), tally.colours(),
                tally.closedLate, tally.milestones())));
        return List.copyOf(rows);
    }

    /** The constructor of a group's row of figures ({@link LedgerSummary.GroupFigures}). */
    private interface Row<R> {
        R of(String name, long registered, long withdrawn, long closed, long open, long overdue, Double closureRate,
             Double onTimeRate, Map<Colour, Long> colours, long closedLate, LedgerSummary.MilestoneFigures milestones);
    }

    /** The names of all ledgers, sorted. */
    public List<String> names() {
        return ledgers.names().stream().sorted().toList();
    }

    /** The departments leading a task on any ledger, sorted: what a form naming a department suggests. */
    public Set<String> departments() {
        return new TreeSet<>(ledgers.departments());
    }

    /** Whether a task was ever registered on {@code ledger}. */
    public boolean exists(String ledger) {
        return ledgers.exists(ledger);
    }

    /**
     * Ids of the ledger's tasks, soonest due first and then by id (the order the entries are paged
     * in), optionally of one lead department, in one status, and of the given colours today (judged
     * from the lines as the figures are, so a board's counts and its listed items agree).
     */
    public List<String> taskIds(String ledger, String department, TaskStatus status, Set<Colour> colours) {
        return taskIds(ledger, LedgerFilter.of(department, status, colours));
    }

    /**
     * Ids of the ledger's tasks that {@code filter} keeps today, in the order of
     * {@link #taskIds(String, String, TaskStatus, Set)}.
     */
    public List<String> taskIds(String ledger, LedgerFilter filter) {
        LocalDate today = zone.today(clock);
        ColourPolicy policyOfLedger = policy.colourPolicy(ledger);
        Judged judged = new Judged(policy, ledger, today);
        List<Listed> found = new ArrayList<>();
        for (LineReader.Line listed : ledgers.of(Filters.eq("_id", ledger), filter.department())) {
            LedgerLine line = LedgerLine.of(listed);
            if (filter.keeps(listed, line, () -> colourOf(listed, line, judged, policyOfLedger))) {
                found.add(new Listed(line.dueDate().toEpochDay(), listed.itemId()));
            }
        }
        found.sort(null);
        return found.stream().map(Listed::taskId).toList();
    }

    /**
     * A task in the order entries are paged in: soonest due first, then by id. Sorting a county ledger's 3,333 lines
     * by a comparator made of key extractors was a fifth of an entries page's time (a profile of session 25).
     */
    private record Listed(long dueDay, String taskId) implements Comparable<Listed> {

        @Override
        public int compareTo(Listed other) {
            int byDue = Long.compare(dueDay, other.dueDay);
            return byDue != 0 ? byDue : taskId.compareTo(other.taskId);
        }
    }

    /**
     * Per lead department of a task not withdrawn on the given ledgers (all of them when {@code ledgerNames} is
     * empty), how the deadlines of {@code from}–{@code to} (both inclusive) were kept there, judged on {@link #judgedOn the period's
     * evaluation day}: a period that has ended as the lines stood at the end of its last day (a withdrawal, an
     * extension or a closure made since changes nothing in it), what fell due on that day and was still open then
     * counting as past due (the period is over: nothing due in it can still be kept); a period still running as of
     * today.
     */
    public List<DepartmentDeadlines> deadlinesKept(LocalDate from, LocalDate to, Set<String> ledgerNames) {
        Map<String, long[]> byDepartment = new TreeMap<>();
        LocalDate day = judgedOn(to);
        List<LineReader.Line> lines = ledgers.of(ledgerNames == null || ledgerNames.isEmpty() ? Filters.empty()
                : Filters.in("_id", List.copyOf(ledgerNames)), null);
        boolean ended = day.isBefore(zone.today(clock));
        if (ended) {
            lines = versions.asOf(lines, day);
        }
        LocalDate pastDueOn = ended ? day.plusDays(1) : day;
        for (LineReader.Line listed : lines) {
            LedgerLine line = LedgerLine.of(listed);
            // a task withdrawn (registered by mistake) was never the department's: it neither counts nor lists it
            if (line.status() != TaskStatus.WITHDRAWN) {
                countDeadline(line, from, to, pastDueOn,
                        byDepartment.computeIfAbsent(listed.field(LedgerProjection.DEPARTMENT), d -> new long[6]));
            }
        }
        List<DepartmentDeadlines> result = new ArrayList<>();
        byDepartment.forEach((department, t) -> result.add(new DepartmentDeadlines(department, t[0], t[1], t[2], t[3],
                t[4], t[5], t[2] == 0 ? null : (double) t[3] / t[2])));
        return result;
    }

    /**
     * The day a period ending on {@code to} is judged on: its last day once it has ended, so that its figures stay
     * what they were when it ended, or today while it runs.
     */
    public LocalDate judgedOn(LocalDate to) {
        LocalDate today = zone.today(clock);
        return to.isBefore(today) ? to : today;
    }

    /** Adds one line to {registered, due, reckoned, closedOnTime, closedLate, openPastDue}. */
    private static void countDeadline(LedgerLine line, LocalDate from, LocalDate to, LocalDate today, long[] tally) {
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
            // closed: it misses no milestone after the day it was closed (the domain records none), and those are not due
            LocalDate judgedOn = line.closedOn() != null && line.closedOn().isBefore(today) ? line.closedOn() : today;
            line.milestones().forEach(m -> countMilestone(m, judgedOn,
                    line.closedOn() != null && !m.dueDate().isBefore(line.closedOn())));
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

        /**
         * Due once its date has come; missed as the colour rule judges it, by the one overdue rule. One falling due on
         * or after the day its task was closed ({@code fromClosing}) counts only if met: the task finished, nothing
         * chases it, and it would stay due, neither met nor missed, for good.
         */
        private void countMilestone(LedgerLine.LineMilestone milestone, LocalDate today, boolean fromClosing) {
            milestonesPlanned++;
            if (milestone.dueDate().isAfter(today) || fromClosing && milestone.status() != MilestoneStatus.MET) {
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

        Double closureRate() {
            return ratio(closed, registered - withdrawn);
        }

        Double onTimeRate() {
            return ratio(closedOnTime, closed);
        }

        /** {@code null} with nothing to divide by: no figure to judge, not a rate of 0. */
        private static Double ratio(long numerator, long denominator) {
            return denominator == 0 ? null : (double) numerator / denominator;
        }
    }
}
