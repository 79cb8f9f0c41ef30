package dev.closeout.domain.time;

import dev.closeout.domain.common.EscalationLadder;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The due-date index is filed again when, and only when, the office changes something that moves
 * a deadline day: the policy's fingerprint says which.
 */
class DeadlinePolicyFingerprintTest {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final EscalationLadder LADDER = EscalationLadder.DEFAULT;

    private static DeadlinePolicy policy(WorkingCalendar calendar, Map<String, ColourThresholds> ledgers,
                                         EscalationSchedule schedule) {
        return new DeadlinePolicy(calendar, ColourThresholds.DEFAULT, ledgers, schedule, 1, SHANGHAI);
    }

    private static final DeadlinePolicy STANDARD = DeadlinePolicy.standard(SHANGHAI);

    @Test
    void the_same_configuration_read_twice_gives_the_same_fingerprint() {
        assertThat(DeadlinePolicy.standard(SHANGHAI).fingerprint(LADDER)).isEqualTo(STANDARD.fingerprint(LADDER));
    }

    @Test
    void adding_next_years_holiday_notice_changes_it() {
        WorkingCalendar with2027 = WorkingCalendar.chinaMainland().with(WorkingCalendar.parse("""
                year 2027
                2027-01-01 HOLIDAY 元旦
                """));
        assertThat(policy(with2027, Map.of(), EscalationSchedule.DEFAULT).fingerprint(LADDER))
                .isNotEqualTo(STANDARD.fingerprint(LADDER));
    }

    @Test
    void a_local_day_off_changes_it() {
        WorkingCalendar local = WorkingCalendar.chinaMainland().with(Set.of(LocalDate.of(2026, 12, 7)), Set.of());
        assertThat(policy(local, Map.of(), EscalationSchedule.DEFAULT).fingerprint(LADDER))
                .isNotEqualTo(STANDARD.fingerprint(LADDER));
    }

    @Test
    void renaming_a_holiday_changes_no_day_and_not_the_fingerprint() {
        String notice = """
                year 2027
                2027-01-01 HOLIDAY %s
                """;
        WorkingCalendar named = WorkingCalendar.parse(notice.formatted("元旦"));
        WorkingCalendar renamed = WorkingCalendar.parse(notice.formatted("New Year's Day"));
        assertThat(policy(renamed, Map.of(), EscalationSchedule.DEFAULT).fingerprint(LADDER))
                .isEqualTo(policy(named, Map.of(), EscalationSchedule.DEFAULT).fingerprint(LADDER));
    }

    @Test
    void a_ledgers_own_threshold_changes_it_but_the_order_ledgers_are_listed_in_does_not() {
        Map<String, ColourThresholds> oneOrder = new LinkedHashMap<>();
        oneOrder.put("营商环境", new ColourThresholds(5, 14, 30));
        oneOrder.put("信访", new ColourThresholds(2, 7, 30));
        Map<String, ColourThresholds> otherOrder = new LinkedHashMap<>();
        otherOrder.put("信访", new ColourThresholds(2, 7, 30));
        otherOrder.put("营商环境", new ColourThresholds(5, 14, 30));
        WorkingCalendar calendar = WorkingCalendar.chinaMainland();
        String first = policy(calendar, oneOrder, EscalationSchedule.DEFAULT).fingerprint(LADDER);
        assertThat(policy(calendar, otherOrder, EscalationSchedule.DEFAULT).fingerprint(LADDER)).isEqualTo(first);
        assertThat(first).isNotEqualTo(STANDARD.fingerprint(LADDER));
    }

    @Test
    void an_escalation_step_or_another_ladder_changes_it() {
        EscalationSchedule sooner = new EscalationSchedule(LADDER, List.of(
                new EscalationSchedule.Step(1, "REMINDER"), new EscalationSchedule.Step(3, "NOTICE")));
        assertThat(policy(WorkingCalendar.chinaMainland(), Map.of(), sooner).fingerprint(LADDER))
                .isNotEqualTo(STANDARD.fingerprint(LADDER));
        EscalationLadder withoutTopDispatch = new EscalationLadder(LADDER.levels().subList(0, 3));
        assertThat(STANDARD.fingerprint(withoutTopDispatch)).isNotEqualTo(STANDARD.fingerprint(LADDER));
    }
}
