package dev.closeout.application.security;

import dev.closeout.domain.common.Role;
import org.springframework.boot.context.properties.ConfigurationProperties;

import java.util.List;

/**
 * Users configured in application properties ({@code closeout.security.users[i].*}). The
 * password is a Spring Security encoded hash, e.g. {@code {bcrypt}$2a$10$...}.
 */
@ConfigurationProperties("closeout.security")
public record SecurityProperties(List<User> users, boolean demoUsers) {

    public SecurityProperties {
        users = users == null ? List.of() : List.copyOf(users);
    }

    public record User(String name, String password, Role role, String department) {
    }
}
