package dev.closeout.projections.complaint;

import com.mongodb.client.MongoDatabase;
import dev.closeout.domain.common.InvalidValueException;
import dev.closeout.domain.common.Limits;
import dev.closeout.domain.complaint.ComplaintChannel;
import dev.closeout.domain.complaint.ComplaintStatus;
import dev.closeout.domain.complaint.Referral;
import dev.closeout.domain.complaint.Satisfaction;
import dev.closeout.domain.time.DueDates;
import dev.closeout.projections.complaint.ComplaintLedgerReport.DepartmentFigures;
import dev.closeout.projections.complaint.ComplaintLedgerReport.Figures;
import dev.closeout.projections.support.OfficeZone;
import dev.closeout.projections.support.LineReader;
import dev.closeout.projections.support.LineVersions;

import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Reads the complaint ledger: figures of a period of receipt, computed from the lines as of today. */
public class ComplaintLedgerQueries {

    /** Ten years of months: beyond that a period is more likely a typing error than a question. */
    static final int MAX_MONTHS = 120;

    private final LineReader months;
    private final LineVersions versions;
    private final OfficeZone zone;
    private final Clock clock;

    public ComplaintLedgerQueries(MongoDatabase database, OfficeZone zone, Clock clock) {
        this.months = new LineReader(database, ComplaintLedgerProjection.COLLECTION, ComplaintLedgerProjection.MONTHS);
        this.versions = new LineVersions(database, ComplaintLedgerProjection.VERSIONS);
        this.zone = zone;
        this.clock = clock;
    }

    /** The figures of complaints received from {@code from} to {@code to}, both inclusive, in the default ledger zone. */
    public ComplaintLedgerReport report(LocalDate from, LocalDate to) {
        return report(from, to, null);
    }

    /**
     * The figures of complaints received from {@code from} to {@code to}, as the ledger stood at the end of
     * {@code asOf} (not after today; {@code null} for now): the lines as they were then
     * ({@link LineVersions}), judged with that day as today (decision 0012).
     */
    public ComplaintLedgerReport report(LocalDate from, LocalDate to, LocalDate asOf) {
        return report(from, to, asOf, false);
    }

    /**
     * The figures of complaints received from {@code from} to {@code to} for a period that has ended on {@code to},
     * as the ledger stood at the end of that day, what fell due on it and was unanswered then counting as past due
     * (the period is over); a period still running ({@code to} not before today) as of today.
     */
    public ComplaintLedgerReport periodReport(LocalDate from, LocalDate to) {
        LocalDate today = zone.today(clock);
        return to.isBefore(today) ? report(from, to, to, true) : report(from, to, null, false);
    }

    private ComplaintLedgerReport report(LocalDate from, LocalDate to, LocalDate asOf, boolean periodEnded) {
        Limits.required(from, "from");
        Limits.required(to, "to");
        if (to.isBefore(from)) {
            throw new InvalidValueException("to", "must not be before from (" + from + ")");
        }
        List<String> keys = monthKeys(from, to);
        LocalDate today = zone.today(clock);
        if (asOf != null && asOf.isAfter(today)) {
            throw new InvalidValueException("asOf", "must not be after today (" + today + ")");
        }
        List<LineReader.Line> lines = months.lines(keys);
        if (asOf != null && asOf.isBefore(today)) {
            lines = versions.asOf(lines, asOf);
            today = periodEnded ? asOf.plusDays(1) : asOf;
        }
        Tally total = new Tally();
        Map<Referral, Tally> byReferral = tallies(Referral.values());
        Map<ComplaintChannel, Tally> byChannel = tallies(ComplaintChannel.values());
        Map<String, Tally> byDepartment = new TreeMap<>();
        for (LineReader.Line listed : lines) {
            ComplaintLedgerLine line = ComplaintLedgerLine.fromDocument(listed.line());
            if (line.receivedOn().isBefore(from) || line.receivedOn().isAfter(to)) {
                continue;
            }
            total.add(line, today);
            byReferral.get(line.referredBy()).add(line, today);
            byChannel.get(line.channel()).add(line, today);
            String department = line.department() == null ? ComplaintLedgerReport.UNASSIGNED : line.department();
            byDepartment.computeIfAbsent(department, d -> new Tally()).add(line, today);
        }
        List<DepartmentFigures> departments = new ArrayList<>();
        byDepartment.forEach((department, tally) -> departments.add(new DepartmentFigures(department, tally.figures())));
        return new ComplaintLedgerReport(from, to, total.figures(), figures(byReferral, Referral.class),
                figures(byChannel, ComplaintChannel.class), List.copyOf(departments));
    }

    /** Every month the period touches, as the {@code _id}s of the months' counters. */
    private static List<String> monthKeys(LocalDate from, LocalDate to) {
        List<String> keys = new ArrayList<>();
        YearMonth last = YearMonth.from(to);
        for (YearMonth month = YearMonth.from(from); !month.isAfter(last); month = month.plusMonths(1)) {
            if (keys.size() == MAX_MONTHS) {
                throw new InvalidValueException("to", "the period may span at most " + MAX_MONTHS + " months");
            }
            keys.add(ComplaintLedgerProjection.monthKey(month.atDay(1)));
        }
        return keys;
    }

    private static <K extends Enum<K>> Map<K, Tally> tallies(K[] keys) {
        Map<K, Tally> tallies = new TreeMap<>();
        for (K key : keys) {
            tallies.put(key, new Tally());
        }
        return tallies;
    }

    private static <K extends Enum<K>> Map<K, Figures> figures(Map<K, Tally> tallies, Class<K> type) {
        Map<K, Figures> figures = new EnumMap<>(type);
        tallies.forEach((key, tally) -> figures.put(key, tally.figures()));
        return figures;
    }

    private static final class Tally {
        long received;
        long closed;
        long replied;
        long responseDue;
        long overdue;
        long rated;
        long satisfied;
        long reopened;

        void add(ComplaintLedgerLine line, LocalDate today) {
            received++;
            if (line.status() == ComplaintStatus.CLOSED) {
                closed++;
            } else if (line.isOverdueOn(today)) {
                overdue++;
            }
            if (line.replied()) {
                replied++;
            }
            // 响应率 counts a complaint once its answer was due: replied, or past its time limit unanswered; one still
            // within its limit is not yet a failure to respond
            if (line.replied() || line.dueDate() != null && DueDates.overdue(line.dueDate(), today)) {
                responseDue++;
            }
            if (line.rating() != null) {
                rated++;
                if (line.rating() != Satisfaction.DISSATISFIED) {
                    satisfied++;
                }
            }
            if (line.reopened()) {
                reopened++;
            }
        }

        Figures figures() {
            return new Figures(received, closed, replied, responseDue, received - closed, overdue, rated, reopened,
                    ratio(closed, received), ratio(replied, responseDue), ratio(satisfied, rated));
        }

        /** {@code null} with nothing to divide by: no figure to judge, not a rate of 0. */
        private static Double ratio(long numerator, long denominator) {
            return denominator == 0 ? null : (double) numerator / denominator;
        }
    }
}
