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

    public boolean accepts(Alert alert) {
        return (types.isEmpty() || types.contains(alert.type()))
                && (departments.isEmpty() || departments.contains(alert.department()))
                && (ledgers.isEmpty() || ledgers.contains(alert.ledger()));
    }
}
