package dev.closeout.application.security;

import dev.closeout.domain.common.InvalidValueException;
import dev.closeout.domain.common.Limits;
import dev.closeout.domain.common.Role;
import dev.closeout.domain.common.Text;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The Closeout user that the identity provider's claims name: its name, its one role, and for a
 * department user its department, from the claims {@link OidcProperties} names. The same for a bearer
 * token on the API and for the pages' sign-in through the provider, so that a user signed in either
 * way, or with a password, acts alike. Claims that name no user, no known role, more than one, or a
 * department user without a department are refused with a reason; so is a name that belongs to a
 * user disabled in Closeout ({@link UserStore}): disabling a clerk stops them however they sign in.
 */
final class ProviderUsers {

    private static final Set<String> ROLES = Arrays.stream(Role.values()).filter(role -> role != Role.SYSTEM)
            .map(Role::name).collect(Collectors.toUnmodifiableSet());

    private final OidcProperties properties;
    private final UserStore stored;

    ProviderUsers(OidcProperties properties, UserStore stored) {
        this.properties = properties;
        this.stored = stored;
    }

    /** The user the claims name; refused with an {@link OAuth2AuthenticationException} saying why. */
    CloseoutUser user(Map<String, Object> claims) {
        String name = name(claims);
        Role role = role(claims);
        String department = role == Role.DEPARTMENT ? department(claims) : null;
        if (stored != null && stored.find(name).map(StoredUser::disabled).orElse(false)) {
            throw refused("The user " + name + " is disabled in Closeout.");
        }
        return new CloseoutUser(name, null, role, department);
    }

    private String name(Map<String, Object> claims) {
        if (!(claim(claims, properties.usernameClaim()) instanceof String name) || Text.isBlank(name)) {
            throw refused("The token names no user in its claim '" + properties.usernameClaim() + "'.");
        }
        try {
            return Text.line(name, "user", Limits.NAME);
        } catch (InvalidValueException e) {
            throw refused("The claim '" + properties.usernameClaim() + "' is no user name: " + e.getMessage() + ".");
        }
    }

    private Role role(Map<String, Object> claims) {
        List<String> values = strings(claim(claims, properties.roleClaim()));
        Set<Role> roles = values.stream().map(this::role).flatMap(Optional::stream)
                .collect(Collectors.toCollection(TreeSet::new));
        if (roles.size() == 1) {
            return roles.iterator().next();
        }
        if (roles.size() > 1) {
            throw refused("The token's claim '" + properties.roleClaim() + "' names more than one Closeout role "
                    + roles + ": a user acts in one role.");
        }
        throw refused(values.isEmpty()
                ? "The token names no role in its claim '" + properties.roleClaim() + "'."
                : "The token's claim '" + properties.roleClaim() + "' names no Closeout role (" + String.join(", ", values)
                + "); closeout.security.oidc.role-mapping says which provider roles stand for which.");
    }

    private Optional<Role> role(String value) {
        Role mapped = properties.roleMapping().get(value);
        if (mapped != null) {
            return Optional.of(mapped);
        }
        return ROLES.contains(value) ? Optional.of(Role.valueOf(value)) : Optional.empty();
    }

    private String department(Map<String, Object> claims) {
        if (!(claim(claims, properties.departmentClaim()) instanceof String department) || Text.isBlank(department)) {
            throw refused("The token names no department in its claim '" + properties.departmentClaim()
                    + "', which a DEPARTMENT user needs.");
        }
        try {
            return Text.name(department, "department");
        } catch (InvalidValueException e) {
            throw refused("The claim '" + properties.departmentClaim() + "' is no department: " + e.getMessage() + ".");
        }
    }

    /** The claim of that name; failing that, a dotted name read as a path into nested claims. */
    private static Object claim(Map<String, Object> claims, String name) {
        if (claims.containsKey(name)) {
            return claims.get(name);
        }
        Object value = claims;
        for (String part : name.split("\\.")) {
            if (!(value instanceof Map<?, ?> nested)) {
                return null;
            }
            value = nested.get(part);
        }
        return value;
    }

    private static List<String> strings(Object value) {
        if (value instanceof String text) {
            return List.of(text);
        }
        if (value instanceof Collection<?> values) {
            return values.stream().filter(String.class::isInstance).map(String.class::cast).toList();
        }
        return List.of();
    }

    private static OAuth2AuthenticationException refused(String reason) {
        return new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN, reason, null), reason);
    }
}
