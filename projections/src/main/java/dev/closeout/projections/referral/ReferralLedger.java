package dev.closeout.projections.referral;

import com.mongodb.client.MongoDatabase;
import dev.closeout.domain.referral.ReferralLevel;
import dev.closeout.domain.referral.ReferralStatus;
import dev.closeout.domain.time.DueDates;
import dev.closeout.projections.support.LineReader;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the referral ledger of a level (省, 市): its lines by exact keys from the level's counter, and
 * the figures derived from them as of {@code today}, overdue judged by the one overdue rule. Its cost
 * grows with the items that level referred, a few hundred a year at a county.
 */
public class ReferralLedger {

    private final LineReader reader;

    public ReferralLedger(MongoDatabase database) {
        this.reader = new LineReader(database, ReferralLedgerProjection.LINES, ReferralLedgerProjection.LEVELS);
    }

    /**
     * A level's figures, over its items not lapsed: {@code received}; {@code reportedBack}, of which
     * {@code onTime} and {@code late}; {@code overdue} awaited past the report-back date (逾期未反馈) and
     * {@code awaiting} the rest still awaited; {@code closed} the items themselves closed now;
     * {@code lapsed} withdrawn before reporting back, counted apart.
     */
    public record Figures(long received, long reportedBack, long onTime, long late, long overdue, long awaiting,
                          long closed, long lapsed) {
    }

    /** One referred item as the ledger lists it, {@code standing} judged on the day read ({@code OVERDUE}). */
    public record Item(String subjectType, String subjectId, String title, String referringBody,
                       String documentNumber, LocalDate reportBackDue, String standing, LocalDate reportedBackOn,
                       Boolean onTime, boolean closed) {
    }

    /** A level's figures and one page of its items, by report-back date then id. */
    public record Page(ReferralLevel level, LocalDate asOf, Figures figures, long total, int offset, int limit,
                       List<Item> items) {
    }

    /** Every level's figures. */
    public Map<ReferralLevel, Figures> figures(LocalDate today) {
        Map<ReferralLevel, Figures> all = new EnumMap<>(ReferralLevel.class);
        for (ReferralLevel level : ReferralLevel.values()) {
            all.put(level, figures(lines(level), today));
        }
        return all;
    }

    public Page page(ReferralLevel level, LocalDate today, int offset, int limit) {
        List<ReferralLedgerLine> lines = lines(level);
        List<Item> items = lines.stream()
                .sorted(Comparator.comparing(ReferralLedgerLine::reportBackDue).thenComparing(ReferralLedgerLine::subjectId))
                .skip(offset).limit(limit)
                .map(line -> new Item(line.subjectType(), line.subjectId(), line.title(), line.referringBody(),
                        line.documentNumber(), line.reportBackDue(), standing(line, today), line.reportedBackOn(),
                        line.onTime(), line.closed()))
                .toList();
        return new Page(level, today, figures(lines, today), lines.size(), offset, limit, items);
    }

    private List<ReferralLedgerLine> lines(ReferralLevel level) {
        List<ReferralLedgerLine> lines = new ArrayList<>();
        reader.lines(List.of(level.name())).forEach(line ->
                lines.add(ReferralLedgerLine.fromDocument(line.line())));
        return lines;
    }

    private static String standing(ReferralLedgerLine line, LocalDate today) {
        return ReferralView.standing(line.status(), line.reportBackDue(), today);
    }

    private static Figures figures(List<ReferralLedgerLine> lines, LocalDate today) {
        long received = 0, reportedBack = 0, onTime = 0, overdue = 0, awaiting = 0, closed = 0, lapsed = 0;
        for (ReferralLedgerLine line : lines) {
            if (line.status() == ReferralStatus.LAPSED) {
                lapsed++;
                continue;
            }
            received++;
            if (line.closed()) {
                closed++;
            }
            if (line.status() == ReferralStatus.REPORTED_BACK) {
                reportedBack++;
                if (Boolean.TRUE.equals(line.onTime())) {
                    onTime++;
                }
            } else if (DueDates.overdue(line.reportBackDue(), today)) {
                overdue++;
            } else {
                awaiting++;
            }
        }
        return new Figures(received, reportedBack, onTime, reportedBack - onTime, overdue, awaiting, closed, lapsed);
    }
}
