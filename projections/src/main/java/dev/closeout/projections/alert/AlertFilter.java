package dev.closeout.projections.alert;

import dev.closeout.projections.support.Choices;

import java.util.Set;

/**
 * Which alerts a consumer wants; an empty set means any. An empty choice among them ({@code type=WARNING,}, which a
 * request turns into a {@code null}, or a blank name) is passed over.
 */
public record AlertFilter(Set<Alert.AlertType> types, Set<String> departments, Set<String> ledgers) {

    public static final AlertFilter ALL = new AlertFilter(Set.of(), Set.of(), Set.of());

    public AlertFilter {
        types = Choices.of(types);
        departments = Choices.of(departments);
        ledgers = Choices.of(ledgers);
    }

    /** Complaints have no ledger: immutable sets refuse to look up {@code null}, so it is matched by hand. */
    public boolean accepts(Alert alert) {
        return (types.isEmpty() || types.contains(alert.type()))
                && matches(departments, alert.department())
                && matches(ledgers, alert.ledger());
    }

    private static boolean matches(Set<String> wanted, String value) {
        return wanted.isEmpty() || value != null && wanted.contains(value);
    }
}
