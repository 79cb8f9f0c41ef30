package dev.closeout.application.security;

import dev.closeout.domain.common.Role;
import org.springframework.boot.context.properties.ConfigurationProperties;

import java.util.List;
import java.util.Map;

/**
 * Sign-in through the office's identity provider (OpenID Connect), off unless {@code issuer-uri} or
 * {@code jwk-set-uri} is set (docs/security.md#identity-provider-oidc). The API then takes the
 * provider's JWT bearer tokens beside HTTP Basic; with a {@code client-id} too, the pages offer sign-in
 * through the provider beside the form.
 *
 * @param issuerUri        the provider's issuer: tokens must name it ({@code iss}); its discovery document
 *                         ({@code /.well-known/openid-configuration}) gives the key set and, for the pages,
 *                         the authorization and token endpoints
 * @param jwkSetUri        the provider's key set, when it is not to be discovered from the issuer
 * @param audiences        a token must name one of these in {@code aud}; required once tokens are taken
 * @param usernameClaim    the claim holding the user's name, recorded on every event the user causes
 * @param roleClaim        the claim holding the user's role: a string or a list of strings, a name with
 *                         dots read as a path into nested claims when no claim has the whole name
 *                         ({@code realm_access.roles})
 * @param departmentClaim  the claim holding a department user's department code ({@code DEPT-A})
 * @param roleMapping      the provider's role values and the Closeout role each stands for; a value that
 *                         is a Closeout role's own name ({@code SUPERVISOR}) stands for that role unmapped
 * @param clientId         the pages' client at the provider (authorization code flow)
 * @param clientSecret     that client's secret
 */
@ConfigurationProperties("closeout.security.oidc")
public record OidcProperties(String issuerUri, String jwkSetUri, List<String> audiences, String usernameClaim,
                             String roleClaim, String departmentClaim, Map<String, Role> roleMapping,
                             String clientId, String clientSecret) {

    public OidcProperties {
        issuerUri = blankIsNull(issuerUri);
        jwkSetUri = blankIsNull(jwkSetUri);
        audiences = audiences == null ? List.of() : List.copyOf(audiences);
        usernameClaim = usernameClaim == null ? "preferred_username" : usernameClaim;
        roleClaim = roleClaim == null ? "closeout_role" : roleClaim;
        departmentClaim = departmentClaim == null ? "closeout_department" : departmentClaim;
        roleMapping = roleMapping == null ? Map.of() : Map.copyOf(roleMapping);
        if (roleMapping.containsValue(Role.SYSTEM)) {
            throw new IllegalArgumentException("closeout.security.oidc.role-mapping: no provider role may stand for "
                    + "SYSTEM, the engine's own");
        }
        clientId = blankIsNull(clientId);
        clientSecret = blankIsNull(clientSecret);
        if (jwkSetUri != null && issuerUri == null) {
            throw new IllegalArgumentException("closeout.security.oidc.issuer-uri: required beside jwk-set-uri, so that "
                    + "a token's issuer (iss) is checked: a key set alone takes any issuer's tokens signed with its keys");
        }
        if ((issuerUri != null || jwkSetUri != null) && audiences.isEmpty()) {
            throw new IllegalArgumentException("closeout.security.oidc.audiences: required once the API takes the "
                    + "provider's tokens: without it a token the provider issued to any other application, or a page's "
                    + "ID token, would be taken (an audience the provider puts in the tokens it issues for Closeout's "
                    + "API, such as closeout-api, not the pages' client id, which is its ID tokens' audience)");
        }
    }

    /** Whether the API takes the provider's bearer tokens. */
    public boolean tokens() {
        return issuerUri != null || jwkSetUri != null;
    }

    /** Whether the pages offer sign-in through the provider (found through the issuer's discovery document). */
    public boolean pages() {
        return issuerUri != null && clientId != null;
    }

    private static String blankIsNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
