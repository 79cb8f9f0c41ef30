package dev.closeout.projections.support;

import java.util.Collection;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A list of choices a reader filters by ({@code colour=RED&colour=YELLOW}, alert types, ledgers): an empty choice
 * ({@code colour=RED,} or a bare {@code colour=}, which a request turns into a {@code null} or a blank name) is passed
 * over, so no choice at all means any.
 */
public final class Choices {

    private Choices() {
    }

    /** The values chosen, without the empty ones; empty when none (or {@code null}) was given. */
    public static <T> Set<T> of(Collection<T> values) {
        return values == null ? Set.of() : values.stream()
                .filter(value -> value != null && !(value instanceof String text && text.isBlank()))
                .collect(Collectors.toUnmodifiableSet());
    }
}
