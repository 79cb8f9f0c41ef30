package dev.closeout.application.scorecard;

import dev.closeout.application.scorecard.Scorecard.DepartmentScore;
import dev.closeout.projections.complaint.ComplaintLedgerQueries;
import dev.closeout.projections.complaint.ComplaintLedgerReport;
import dev.closeout.projections.complaint.ComplaintLedgerReport.DepartmentFigures;
import dev.closeout.projections.complaint.ComplaintLedgerReport.Figures;
import dev.closeout.projections.ledger.DepartmentDeadlines;
import dev.closeout.projections.ledger.LedgerQueries;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/** How departments are scored and ranked, from figures the ledgers are assumed to give. */
class ScorecardServiceTest {

    private static final LocalDate FROM = LocalDate.of(2026, 7, 1);
    private static final LocalDate TO = LocalDate.of(2026, 9, 30);

    private final LedgerQueries ledgers = mock(LedgerQueries.class);
    private final ComplaintLedgerQueries complaints = mock(ComplaintLedgerQueries.class);

    private static DepartmentDeadlines tasks(String department, long reckoned, long onTime) {
        return new DepartmentDeadlines(department, reckoned, reckoned, reckoned, onTime, reckoned - onTime, 0,
                reckoned == 0 ? null : (double) onTime / reckoned);
    }

    private static Figures complaints(long received, long replied, long rated, long satisfied) {
        return new Figures(received, 0, replied, received, received, 0, rated, 0, 0.0,
                received == 0 ? 0.0 : (double) replied / received, rated == 0 ? 0.0 : (double) satisfied / rated);
    }

    private Scorecard evaluate(ScorecardProperties properties, List<DepartmentDeadlines> kept,
                               Map<String, Figures> received) {
        return evaluate(properties, Set.of(), kept, received);
    }

    private Scorecard evaluate(ScorecardProperties properties, Set<String> ledgerNames, List<DepartmentDeadlines> kept,
                               Map<String, Figures> received) {
        when(ledgers.judgedOn(TO)).thenReturn(TO);
        when(ledgers.deadlinesKept(FROM, TO, ledgerNames)).thenReturn(kept);
        List<DepartmentFigures> departments = received.entrySet().stream()
                .map(e -> new DepartmentFigures(e.getKey(), e.getValue())).toList();
        when(complaints.periodReport(FROM, TO)).thenReturn(new ComplaintLedgerReport(FROM, TO, complaints(0, 0, 0, 0),
                Map.of(), Map.of(), departments));
        return new ScorecardService(ledgers, complaints, properties).evaluate(FROM, TO, ledgerNames);
    }

    @Test
    void the_score_weighs_on_time_closure_response_and_satisfaction_50_30_20_by_default() {
        Scorecard card = evaluate(new ScorecardProperties(null, null), List.of(tasks("交通局", 10, 8)),
                Map.of("交通局", complaints(20, 15, 10, 9)));
        DepartmentScore score = card.categories().get(0).departments().get(0);
        // (50 × 0.8 + 30 × 0.75 + 20 × 0.9) / 100 = 0.805
        assertThat(score.score()).isEqualTo(80.5);
        assertThat(card.categories().get(0).category()).isEqualTo(ScorecardProperties.UNCATEGORISED);
    }

    @Test
    void an_ended_period_is_judged_as_of_its_last_day_complaints_as_well_as_tasks() {
        Scorecard card = evaluate(new ScorecardProperties(null, null), List.of(tasks("交通局", 1, 1)), Map.of());
        assertThat(card.asOf()).isEqualTo(TO);
        verify(complaints).periodReport(FROM, TO);
    }

    @Test
    void a_scorecard_of_named_ledgers_ranks_only_the_departments_leading_a_task_on_them_not_others_by_complaints() {
        Scorecard card = evaluate(new ScorecardProperties(null, null), Set.of("交通台账"),
                List.of(tasks("交通局", 2, 1)), Map.of("交通局", complaints(4, 4, 0, 0), "水务局", complaints(3, 3, 0, 0)));
        assertThat(card.categories().get(0).departments()).extracting(DepartmentScore::department)
                .containsExactly("交通局");
        assertThat(card.categories().get(0).departments().get(0).complaints().received()).isEqualTo(4);
    }

    @Test
    void a_rate_without_figures_is_left_out_and_the_others_share_its_weight() {
        Scorecard card = evaluate(new ScorecardProperties(null, null), List.of(tasks("水务局", 4, 3)),
                Map.of("水务局", complaints(10, 10, 0, 0)));
        // No complaint was rated: (50 × 0.75 + 30 × 1.0) / 80 = 0.84375
        assertThat(card.categories().get(0).departments().get(0).score()).isEqualTo(84.4);
    }

    @Test
    void departments_are_ranked_within_their_category_equal_scores_sharing_a_rank_and_idle_ones_last() {
        ScorecardProperties properties = new ScorecardProperties(List.of(
                new ScorecardProperties.Category("区县 Counties", List.of("甲县", "乙县", "丙县", "丁县")),
                new ScorecardProperties.Category("市直部门 City departments", List.of("交通局"))),
                new ScorecardProperties.Weights(1.0, 0.0, 0.0));
        Scorecard card = evaluate(properties,
                List.of(tasks("甲县", 4, 2), tasks("乙县", 4, 4), tasks("丙县", 2, 1), tasks("交通局", 1, 0),
                        tasks("自然资源局", 5, 5)),
                Map.of());
        assertThat(card.categories()).extracting(Scorecard.CategoryRanking::category)
                .containsExactly("区县 Counties", "市直部门 City departments", ScorecardProperties.UNCATEGORISED);
        List<DepartmentScore> counties = card.categories().get(0).departments();
        assertThat(counties).extracting(DepartmentScore::department).containsExactly("乙县", "丙县", "甲县", "丁县");
        assertThat(counties).extracting(DepartmentScore::rank).containsExactly(1, 2, 2, 4);
        assertThat(counties).extracting(DepartmentScore::score).containsExactly(100.0, 50.0, 50.0, null);
        assertThat(card.categories().get(1).departments().get(0).score()).isZero();
        assertThat(card.categories().get(2).departments()).extracting(DepartmentScore::department)
                .containsExactly("自然资源局");
    }
}
