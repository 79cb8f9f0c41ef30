package dev.closeout.application.security;

import org.springframework.security.core.AuthenticationException;

import java.time.Instant;

/** A name refused for too many wrong passwords, until {@code until}; said alike of every name, a user's or not. */
final class SignInLockedException extends AuthenticationException {

    private final Instant until;

    SignInLockedException(Instant until) {
        super("Too many wrong passwords for this name; try again later.");
        this.until = until;
    }

    Instant until() {
        return until;
    }
}
