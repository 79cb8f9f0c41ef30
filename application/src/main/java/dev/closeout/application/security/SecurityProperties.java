package dev.closeout.application.security;

import dev.closeout.domain.common.Role;
import org.springframework.boot.context.properties.ConfigurationProperties;

import java.util.List;

/**
 * Users configured in application properties ({@code closeout.security.users[i].*}), whose password
 * is a Spring Security encoded hash, e.g. {@code {bcrypt}$2a$10$...}; and the origins whose browser
 * pages may send commands to the API ({@code closeout.security.allowed-origins}, e.g.
 * {@code https://closeout.example.gov.cn}; none by default, so only clients that send no
 * {@code Origin}, such as scripts, may).
 */
@ConfigurationProperties("closeout.security")
public record SecurityProperties(List<User> users, boolean demoUsers, List<String> allowedOrigins) {

    public SecurityProperties {
        users = users == null ? List.of() : List.copyOf(users);
        allowedOrigins = allowedOrigins == null ? List.of() : List.copyOf(allowedOrigins);
    }

    public record User(String name, String password, Role role, String department) {
    }
}
