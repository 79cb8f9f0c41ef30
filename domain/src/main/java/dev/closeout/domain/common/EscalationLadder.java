package dev.closeout.domain.common;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The ordered escalation levels (督办层级). The default ladder follows the seeds: 催办 reminder,
 * 督办 supervision notice, 专题调度 special-topic dispatch, 顶格调度 top-level dispatch. Offices
 * may configure their own; a level is named by its code or by its Chinese label.
 */
public record EscalationLadder(List<Level> levels) {

    /** One rung: a stable code used in events and the API, and the label shown to people. */
    public record Level(String code, String label) {
        public Level {
            code = Text.line(code, "code", Limits.LEVEL);
            label = Text.line(label, "label", Limits.NAME);
        }
    }

    public static final EscalationLadder DEFAULT = new EscalationLadder(List.of(
            new Level("REMINDER", "催办"),
            new Level("NOTICE", "督办"),
            new Level("SPECIAL_DISPATCH", "专题调度"),
            new Level("TOP_DISPATCH", "顶格调度")));

    public EscalationLadder {
        if (levels == null || levels.isEmpty()) {
            throw new InvalidValueException("levels", "must name at least one level");
        }
        levels = List.copyOf(levels);
        if (levels.stream().map(Level::code).distinct().count() != levels.size()) {
            throw new InvalidValueException("levels", "must not repeat a code");
        }
    }

    /** The level with this code or label, ignoring case of codes. */
    public Optional<Level> find(String codeOrLabel) {
        if (codeOrLabel == null) {
            return Optional.empty();
        }
        String wanted = codeOrLabel.strip();
        return levels.stream()
                .filter(l -> l.code().equalsIgnoreCase(wanted) || l.label().equals(wanted))
                .findFirst();
    }

    /**
     * The level an item escalates to when asked for {@code requested}: it must be on the ladder,
     * and escalation only climbs. Repeating the current level is a normal repeated 催办 reminder.
     * A current level the office has since removed from its ladder ranks -1, so any level is
     * accepted then.
     *
     * @param item         how the refusal names the item, e.g. "Task"
     * @param currentCode  the item's current level, {@code null} if never escalated
     */
    public Level climb(String item, String currentCode, String requested) {
        Level level = find(requested).orElseThrow(() -> CommandRefusedException.invalid("level",
                "Unknown escalation level '" + requested + "'; valid levels are " + describe()));
        int current = currentCode == null ? -1 : rank(currentCode);
        if (rank(level.code()) < current) {
            throw CommandRefusedException.invalid("level", item + " is already escalated to " + currentCode
                    + " (" + levels.get(current).label() + "); escalation never goes down, so " + level.code()
                    + " (" + level.label() + ") is refused");
        }
        return level;
    }

    private String describe() {
        return levels.stream().map(l -> l.code() + " (" + l.label() + ")").collect(Collectors.joining(", "));
    }

    /**
     * Whether the level is the ladder's first rung (by default 催办, a reminder the sweep sends as soon as an item is
     * overdue), below what counts as escalated (督办 and above); a code not on the ladder is not.
     */
    public boolean isFirstRung(String code) {
        return rank(code) == 0;
    }

    /** Position on the ladder, 0 for the lowest; -1 for a code not on it. */
    public int rank(String code) {
        for (int i = 0; i < levels.size(); i++) {
            if (levels.get(i).code().equals(code)) {
                return i;
            }
        }
        return -1;
    }
}
