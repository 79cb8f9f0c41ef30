package dev.closeout.projections.alert;

import java.util.Set;

/** Which alerts a consumer wants; an empty set means any. */
public record AlertFilter(Set<Alert.AlertType> types, Set<String> departments, Set<String> ledgers) {

    public static final AlertFilter ALL = new AlertFilter(Set.of(), Set.of(), Set.of());

    public AlertFilter {
        types = types == null ? Set.of() : Set.copyOf(types);
        departments = departments == null ? Set.of() : Set.copyOf(departments);
        ledgers = ledgers == null ? Set.of() : Set.copyOf(ledgers);
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
