package dev.closeout.application.scorecard;

import dev.closeout.application.scorecard.Scorecard.CategoryRanking;
import dev.closeout.application.scorecard.Scorecard.DepartmentScore;
import dev.closeout.projections.complaint.ComplaintLedgerQueries;
import dev.closeout.projections.complaint.ComplaintLedgerReport;
import dev.closeout.projections.complaint.ComplaintLedgerReport.DepartmentFigures;
import dev.closeout.projections.ledger.DepartmentDeadlines;
import dev.closeout.projections.ledger.LedgerQueries;
import dev.closeout.projections.support.Choices;
import org.springframework.stereotype.Service;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Scores departments for a period from the two ledgers: the share of their tasks due in the period
 * closed on time, and of the complaints they were given whose answer was due the share answered (响应率) and the
 * share rated satisfied (满意率), weighed as configured. The figures come along, so a score can be checked.
 */
@Service
public class ScorecardService {

    private final LedgerQueries ledgers;
    private final ComplaintLedgerQueries complaints;
    private final ScorecardProperties properties;

    public ScorecardService(LedgerQueries ledgers, ComplaintLedgerQueries complaints, ScorecardProperties properties) {
        this.ledgers = ledgers;
        this.complaints = complaints;
        this.properties = properties;
    }

    public Scorecard evaluate(LocalDate from, LocalDate to, Set<String> ledgerNames) {
        // an empty choice (ledger=a, or a bare ledger=) is passed over, as for the other lists of choices
        ledgerNames = Choices.of(ledgerNames);
        PeriodFigures figures = figures(from, to, ledgerNames);
        Map<String, PeriodFigures.Department> byName = new TreeMap<>();
        figures.departments().forEach(d -> byName.put(d.department(), d));
        Set<String> departments = new TreeSet<>(byName.keySet());
        properties.categories().forEach(c -> departments.addAll(c.departments()));

        Map<String, List<DepartmentScore>> byCategory = new LinkedHashMap<>();
        properties.categories().forEach(c -> byCategory.put(c.name(), new ArrayList<>()));
        for (String department : departments) {
            PeriodFigures.Department found = byName.get(department);
            DepartmentDeadlines kept = found == null ? none(department) : found.tasks();
            ComplaintLedgerReport.Figures given = found == null ? null : found.complaints();
            byCategory.computeIfAbsent(categoryOf(department), c -> new ArrayList<>())
                    .add(new DepartmentScore(0, department, score(kept, given), kept, given));
        }
        List<CategoryRanking> rankings = new ArrayList<>();
        byCategory.forEach((category, scores) -> rankings.add(new CategoryRanking(category, ranked(scores))));
        return new Scorecard(from, to, figures.asOf(),
                ledgerNames == null ? List.of() : List.copyOf(new TreeSet<>(ledgerNames)), properties.weights(),
                rankings);
    }

    /**
     * The figures departments are judged by for {@code from}–{@code to}, over the given ledgers (all when none is
     * named; when some are, only the departments leading a task not withdrawn on them, with their complaints): a
     * period that has ended as the two ledgers stood at the end of its last day, so that its scorecard and its 季总结
     * say the same whenever they are read; a period still running as of today.
     */
    public PeriodFigures figures(LocalDate from, LocalDate to, Set<String> ledgerNames) {
        LocalDate asOf = ledgers.judgedOn(to);
        Map<String, DepartmentDeadlines> tasks = new TreeMap<>();
        ledgers.deadlinesKept(from, to, ledgerNames).forEach(d -> tasks.put(d.department(), d));
        Map<String, ComplaintLedgerReport.Figures> received = new TreeMap<>();
        boolean narrowed = ledgerNames != null && !ledgerNames.isEmpty();
        for (DepartmentFigures d : complaints.periodReport(from, to).departments()) {
            // complaints belong to no ledger: a scorecard of some ledgers judges only the departments working on them
            if (!ComplaintLedgerReport.UNASSIGNED.equals(d.department())
                    && (!narrowed || tasks.containsKey(d.department()))) {
                received.put(d.department(), d.figures());
            }
        }
        Set<String> departments = new TreeSet<>(tasks.keySet());
        departments.addAll(received.keySet());
        List<PeriodFigures.Department> found = new ArrayList<>();
        for (String department : departments) {
            found.add(new PeriodFigures.Department(department, tasks.getOrDefault(department, none(department)),
                    received.get(department)));
        }
        return new PeriodFigures(asOf, List.copyOf(found));
    }

    private static DepartmentDeadlines none(String department) {
        return new DepartmentDeadlines(department, 0, 0, 0, 0, 0, 0, null);
    }

    private String categoryOf(String department) {
        return properties.categories().stream().filter(c -> c.departments().contains(department))
                .map(ScorecardProperties.Category::name).findFirst().orElse(ScorecardProperties.UNCATEGORISED);
    }

    /** The weighted mean of the rates the department has figures for, 0–100 to one decimal; null with none. */
    private Double score(DepartmentDeadlines tasks, ComplaintLedgerReport.Figures complaints) {
        ScorecardProperties.Weights w = properties.weights();
        double weighed = 0;
        double weights = 0;
        if (tasks.onTimeRate() != null) {
            weighed += w.onTime() * tasks.onTimeRate();
            weights += w.onTime();
        }
        if (complaints != null && complaints.responseDue() > 0) {
            weighed += w.response() * complaints.responseRate();
            weights += w.response();
        }
        if (complaints != null && complaints.rated() > 0) {
            weighed += w.satisfaction() * complaints.satisfactionRate();
            weights += w.satisfaction();
        }
        return weights == 0 ? null : Math.round(1000 * weighed / weights) / 10.0;
    }

    /** Highest score first, those without a score last; equal scores share a rank (1, 2, 2, 4). */
    private static List<DepartmentScore> ranked(List<DepartmentScore> scores) {
        List<DepartmentScore> sorted = scores.stream()
                .sorted(Comparator.comparing(DepartmentScore::score, Comparator.nullsLast(Comparator.reverseOrder()))
                        .thenComparing(DepartmentScore::department))
                .toList();
        List<DepartmentScore> ranked = new ArrayList<>();
        for (int i = 0; i < sorted.size(); i++) {
            DepartmentScore s = sorted.get(i);
            int rank = i > 0 && Objects.equals(sorted.get(i - 1).score(), s.score())
                    ? ranked.get(i - 1).rank() : i + 1;
            ranked.add(new DepartmentScore(rank, s.department(), s.score(), s.tasks(), s.complaints()));
        }
        return ranked;
    }
}
