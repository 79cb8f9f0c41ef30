package dev.closeout.application.security;

import dev.closeout.domain.common.Role;

/**
 * A user the office added through the API (not from configuration), as stored: its current state,
 * the BCrypt hash of its password, and the sequence number of its last event ({@code version}), so
 * that a change writes over the state it read and nothing newer.
 */
public record StoredUser(String name, String passwordHash, Role role, String department, boolean disabled,
                         boolean mustChangePassword, long version) {

    CloseoutUser signedIn() {
        return new CloseoutUser(name, passwordHash, role, department, mustChangePassword);
    }
}
