package dev.closeout.application.security;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.closeout.domain.common.Actor;
import dev.closeout.domain.common.Role;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/** How a provider's claims name a Closeout user, for the shapes providers give them in. */
class ProviderUsersTest {

    private static OidcProperties oidc(String roleClaim, Map<String, Role> mapping) {
        return new OidcProperties("https://sso.example.gov.cn", null, List.of("closeout-api"), null, roleClaim, null, mapping,
                null, null);
    }

    @Test
    void roles_are_read_from_a_nested_list_whose_other_values_are_the_providers_own() {
        ProviderUsers users = new ProviderUsers(oidc("realm_access.roles", Map.of("dept-clerk", Role.DEPARTMENT)), null);

        CloseoutUser user = users.user(Map.of("preferred_username", "zhang.wei", "closeout_department", "DEPT-A",
                "realm_access", Map.of("roles", List.of("offline_access", "dept-clerk", "uma_authorization"))));

        assertThat(user.actor()).isEqualTo(new Actor("zhang.wei", Role.DEPARTMENT, "DEPT-A"));
    }

    @Test
    void a_claim_whose_name_has_dots_is_read_whole_before_it_is_read_as_a_path() {
        ProviderUsers users = new ProviderUsers(oidc("https://closeout.gov.cn/role", Map.of()), null);

        CloseoutUser user = users.user(Map.of("preferred_username", "li.na", "https://closeout.gov.cn/role", "SUPERVISOR",
                "closeout_department", "DEPT-A"));

        assertThat(user.role()).isEqualTo(Role.SUPERVISOR);
        assertThat(user.department()).as("only a department user has a department").isNull();
    }

    /**
     * Without an audience any token the provider signed would be taken, one it issued to another of the office's
     * applications included; without an issuer beside a key set, any issuer's token signed with those keys.
     */
    @Test
    void a_provider_without_an_audience_or_a_key_set_without_an_issuer_is_refused_at_start_up() {
        assertThatThrownBy(() -> new OidcProperties("https://sso.example.gov.cn", null, List.of(), null, null, null,
                null, null, null)).hasMessageContaining("closeout.security.oidc.audiences");
        assertThatThrownBy(() -> new OidcProperties(null, "https://sso.example.gov.cn/keys", List.of("closeout-api"),
                null, null, null, null, null, null)).hasMessageContaining("closeout.security.oidc.issuer-uri");
        assertThat(new OidcProperties(null, null, List.of(), null, null, null, null, null, null).tokens())
                .as("no provider: nothing to require").isFalse();
    }

    @Test
    void a_mapping_to_the_engines_own_role_is_refused_at_start_up() {
        assertThatThrownBy(() -> oidc("closeout_role", Map.of("root", Role.SYSTEM)))
                .hasMessageContaining("role-mapping");
    }

    @Test
    void a_department_that_no_command_would_take_is_refused_naming_the_claim() {
        ProviderUsers users = new ProviderUsers(oidc("closeout_role", Map.of()), null);

        Throwable refused = catchThrowable(() -> users.user(Map.of("preferred_username", "zhang.wei",
                "closeout_role", "DEPARTMENT", "closeout_department", "..")));

        assertThat(refused).isInstanceOf(OAuth2AuthenticationException.class).hasMessageContaining("closeout_department");
    }

    @Test
    void a_provider_that_cannot_be_reached_is_no_bad_token_but_a_failure_to_check_it() throws Exception {
        // A port nothing listens on: the decoder is made without asking, and asks at the first token.
        JwtDecoder decoder = BearerTokens.decoder(new OidcProperties("http://127.0.0.1:9", null, List.of("closeout-api"), null, null,
                null, null, null, null), Clock.fixed(Instant.parse("2026-03-11T02:00:00Z"), ZoneOffset.UTC));
        var key = new RSAKeyGenerator(2048).keyID("k").generate();
        SignedJWT token = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("k").build(),
                new JWTClaimsSet.Builder().issuer("http://127.0.0.1:9").subject("s")
                        .expirationTime(Date.from(Instant.parse("2026-03-11T03:00:00Z"))).build());
        token.sign(new RSASSASigner(key));

        Throwable failure = catchThrowable(() -> decoder.decode(token.serialize()));

        // JwtAuthenticationProvider turns a BadJwtException into 401 and any other JwtException into a
        // service failure, which BearerTokens answers 503.
        assertThat(failure).isInstanceOf(JwtException.class).isNotInstanceOf(BadJwtException.class);
    }
}
