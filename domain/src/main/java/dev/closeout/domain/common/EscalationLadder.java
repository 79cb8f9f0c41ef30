package dev.closeout.domain.common;

import java.util.List;
import java.util.Optional;

/**
 * The ordered escalation levels (督办层级). The default ladder follows the seeds: 催办 reminder,
 * 督办 supervision notice, 专题调度 special-topic dispatch, 顶格调度 top-level dispatch. Offices
 * may configure their own; a level is named by its code or by its Chinese label.
 */
public record EscalationLadder(List<Level> levels) {

    /** One rung: a stable code used in events and the API, and the label shown to people. */
    public record Level(String code, String label) {
        public Level {
            code = Text.required(code, "code");
            label = Text.required(label, "label");
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
