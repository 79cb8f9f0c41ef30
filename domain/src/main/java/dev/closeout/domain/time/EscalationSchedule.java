package dev.closeout.domain.time;

import dev.closeout.domain.common.EscalationLadder;
import dev.closeout.domain.common.EscalationLadder.Level;
import dev.closeout.domain.common.InvalidValueException;
import dev.closeout.domain.common.Limits;
import dev.closeout.domain.common.Text;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Automatic escalation: how many working days overdue earn which rung of the ladder. Working
 * days overdue are {@code calendar.workingDaysBetween(dueDate, today)}, so an item due on a
 * Friday is one day overdue on Monday, not three.
 *
 * <p>Thresholds rise strictly and so do their levels on the ladder, because escalation never
 * goes down ({@link EscalationLadder#climb}): a schedule that asked for a lower level later would
 * be refused by every item it reached.
 */
public final class EscalationSchedule {

    /** One threshold: from this many working days overdue on, the item is at this level. */
    public record Step(int workingDaysOverdue, String levelCode) {
        public Step {
            if (workingDaysOverdue < 1) {
                throw new InvalidValueException("workingDaysOverdue", "must be at least 1");
            }
            levelCode = Text.line(levelCode, "levelCode", Limits.LEVEL);
        }
    }

    /** 催办 after 1 working day overdue, 督办 after 5, 专题调度 after 10, 顶格调度 after 20. */
    public static final EscalationSchedule DEFAULT = new EscalationSchedule(EscalationLadder.DEFAULT, List.of(
            new Step(1, "REMINDER"),
            new Step(5, "NOTICE"),
            new Step(10, "SPECIAL_DISPATCH"),
            new Step(20, "TOP_DISPATCH")));

    private final List<Step> steps;

    /**
     * @param ladder the office's ladder; a step may name a level by code in any case or by its
     *               Chinese label, and is kept under the level's code
     * @throws InvalidValueException naming {@code steps} when empty, not rising, or off the ladder
     */
    public EscalationSchedule(EscalationLadder ladder, List<Step> steps) {
        if (steps == null || steps.isEmpty()) {
            throw new InvalidValueException("steps", "must name at least one threshold");
        }
        List<Step> onLadder = new ArrayList<>();
        Step previous = null;
        for (Step step : steps) {
            Level level = ladder.find(step.levelCode()).orElseThrow(() -> new InvalidValueException("steps",
                    "name '" + step.levelCode() + "', which is not on the escalation ladder"));
            Step canonical = new Step(step.workingDaysOverdue(), level.code());
            if (previous != null && canonical.workingDaysOverdue() <= previous.workingDaysOverdue()) {
                throw new InvalidValueException("steps", "must have strictly increasing thresholds, but "
                        + canonical.workingDaysOverdue() + " follows " + previous.workingDaysOverdue());
            }
            if (previous != null && ladder.rank(canonical.levelCode()) <= ladder.rank(previous.levelCode())) {
                throw new InvalidValueException("steps", "must climb the ladder, but " + canonical.levelCode()
                        + " follows " + previous.levelCode());
            }
            onLadder.add(canonical);
            previous = canonical;
        }
        this.steps = List.copyOf(onLadder);
    }

    public List<Step> steps() {
        return steps;
    }

    /** The code of the highest level whose threshold is reached; empty when not yet overdue enough. */
    public Optional<String> levelFor(int workingDaysOverdue) {
        String reached = null;
        for (Step step : steps) {
            if (workingDaysOverdue >= step.workingDaysOverdue()) {
                reached = step.levelCode();
            }
        }
        return Optional.ofNullable(reached);
    }
}
