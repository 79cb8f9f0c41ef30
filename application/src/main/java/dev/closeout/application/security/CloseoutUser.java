package dev.closeout.application.security;

import dev.closeout.domain.common.Actor;
import dev.closeout.domain.common.Role;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;

import java.util.Collection;
import java.util.List;

/**
 * A signed-in user: their role and, for a department user, the department they act for; and whether
 * a supervisor reset their password, which they must change before anything else.
 */
public record CloseoutUser(String username, String passwordHash, Role role, String department,
                           boolean mustChangePassword) implements UserDetails {

    public CloseoutUser(String username, String passwordHash, Role role, String department) {
        this(username, passwordHash, role, department, false);
    }

    public Actor actor() {
        return new Actor(username, role, department);
    }

    @Override
    public Collection<? extends GrantedAuthority> getAuthorities() {
        return List.of(new SimpleGrantedAuthority("ROLE_" + role.name()));
    }

    @Override
    public String getPassword() {
        return passwordHash;
    }

    @Override
    public String getUsername() {
        return username;
    }
}
