package dev.closeout.projections.alert;

import java.util.Collection;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which alerts a consumer wants; an empty set means any. An empty choice among them ({@code type=WARNING,}, which a
 * request turns into a {@code null}, or a blank name) is passed over.
 */
public record AlertFilter(Set<Alert.AlertType> types, Set<String> departments, Set<String> ledgers) {

    public static final AlertFilter ALL = new AlertFilter(Set.of(), Set.of(), Set.of());

    public AlertFilter {
        types = chosen(types);
        departments = chosen(departments);
        ledgers = chosen(ledgers);
    }

    private static <T> Set<T> chosen(Collection<T> values) {
        return values == null ? Set.of() : values.stream()
                .filter(value -> value != null && !(value instanceof String text && text.isBlank()))
                .collect(Collectors.toUnmodifiableSet());
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
