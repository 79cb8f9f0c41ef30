package dev.closeout.application.security;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Wrong passwords per user name: from the second within {@code window} on, the name is held for
 * {@code slowDown}, then twice as long after each further one (1, 2, 4 s by default), refused even
 * with the right password while held, so that guesses slow down; after {@code limit} within
 * {@code window}, the name is refused for {@code lock}. Every name is counted, whether a user has it
 * or not, so a hold or a lock tells nothing about which names exist. A right password forgets the
 * name's failures. Times come from the application's clock.
 * <p>
 * Kept in memory, per instance: a restart forgets the counts (an attacker gains at most {@code limit}
 * tries per restart), and several instances count apart. At most {@code maxNames} names are held:
 * beyond that the expired ones are dropped, and if none is, a new name nobody has is not counted (logged at
 * WARN), so that an attacker inventing names fills memory no further and shuts out no one; a user's name is
 * counted all the same (there are as many as the office has users), so that filling the table does not switch
 * the lockout off for the names worth guessing. While the table is so full, a lock does tell a user's name
 * from an invented one: the price of keeping the users' lockout.
 */
final class SignInAttempts {

    private static final Logger log = LoggerFactory.getLogger(SignInAttempts.class);

    private static final class Name {
        final Deque<Instant> failures = new ArrayDeque<>();
        Instant lockedUntil;
    }

    private final int limit;
    private final Duration window;
    private final Duration lock;
    private final Duration slowDown;
    private final int maxNames;
    private final Clock clock;
    private final Map<String, Name> byName = new ConcurrentHashMap<>();

    SignInAttempts(int limit, Duration window, Duration lock, Duration slowDown, int maxNames, Clock clock) {
        this.limit = limit;
        this.window = window;
        this.lock = lock;
        this.slowDown = slowDown;
        this.maxNames = maxNames;
        this.clock = clock;
    }

    /** Counts nothing and locks nothing. */
    static SignInAttempts none() {
        return new SignInAttempts(Integer.MAX_VALUE, Duration.ZERO, Duration.ZERO, Duration.ZERO, 0, Clock.systemUTC());
    }

    /** Until when {@code name} is refused (held or locked), if it is now. */
    Optional<Instant> lockedUntil(String name) {
        Name counted = byName.get(name);
        if (counted == null) {
            return Optional.empty();
        }
        synchronized (counted) {
            Instant now = clock.instant();
            if (counted.lockedUntil != null && now.isBefore(counted.lockedUntil)) {
                return Optional.of(counted.lockedUntil);
            }
            return Optional.empty();
        }
    }

    /** How long {@code name} is still refused (held or locked), if it is now. */
    Optional<Duration> lockedFor(String name) {
        return lockedUntil(name).map(until -> Duration.between(clock.instant(), until));
    }

    /**
     * Counts a wrong password for {@code name}, a user's when {@code user}: holds the name for a while, or locks it;
     * true when this one locks it.
     */
    boolean failed(String name, boolean user) {
        if (limit == Integer.MAX_VALUE) {
            return false;
        }
        Instant now = clock.instant();
        if (!user && !byName.containsKey(name) && byName.size() >= maxNames) {
            byName.values().removeIf(this::expired);
            if (byName.size() >= maxNames) {
                log.warn("A wrong password for '{}' is not counted: {} names are counted already", name, maxNames);
                return false;
            }
        }
        Name counted = byName.computeIfAbsent(name, n -> new Name());
        synchronized (counted) {
            while (!counted.failures.isEmpty() && !counted.failures.peekFirst().isAfter(now.minus(window))) {
                counted.failures.removeFirst();
            }
            counted.failures.addLast(now);
            if (counted.failures.size() >= limit) {
                counted.failures.clear();
                counted.lockedUntil = now.plus(lock);
                log.warn("Sign-in for the name '{}' is refused until {}: {} wrong passwords within {}",
                        name, counted.lockedUntil, limit, window);
                return true;
            }
            if (counted.failures.size() >= 2 && !slowDown.isZero()) {
                counted.lockedUntil = now.plus(slowDown.multipliedBy(1L << Math.min(counted.failures.size() - 2, 20)));
            }
            return false;
        }
    }

    /** The right password: the name's failures are forgotten. */
    void succeeded(String name) {
        byName.remove(name);
    }

    private boolean expired(Name counted) {
        synchronized (counted) {
            Instant now = clock.instant();
            boolean locked = counted.lockedUntil != null && now.isBefore(counted.lockedUntil);
            boolean recent = !counted.failures.isEmpty() && counted.failures.peekLast().isAfter(now.minus(window));
            return !locked && !recent;
        }
    }
}
