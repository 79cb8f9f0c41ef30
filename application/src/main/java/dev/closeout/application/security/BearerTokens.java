package dev.closeout.application.security;

import dev.closeout.application.web.ProblemResponses;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;

/**
 * The API's sign-in by the identity provider's JWT bearer tokens (Spring's resource server): a token must
 * bear the provider's signature (its published key set), be within its time, name the configured issuer
 * and one of the configured audiences, and name a Closeout user ({@link ProviderUsers}). A token refused
 * for any of these is answered 401 in problem details saying why; a provider whose key set cannot be
 * fetched, 503. HTTP Basic goes on beside it.
 */
final class BearerTokens {

    private static final Logger log = LoggerFactory.getLogger(BearerTokens.class);

    private BearerTokens() {
    }

    static void apply(HttpSecurity http, OidcProperties oidc, ProviderUsers users, ProblemResponses problems,
                      Clock clock) throws Exception {
        AuthenticationFailureHandler refused = (request, response, e) -> refuse(problems, response, e);
        http.oauth2ResourceServer(server -> server
                .jwt(jwt -> jwt.decoder(decoder(oidc, clock))
                        .jwtAuthenticationConverter(token -> new ProviderSignIn(users.user(token.getClaims()), token)))
                .authenticationEntryPoint((request, response, e) -> refuse(problems, response, e))
                .withObjectPostProcessor(new ObjectPostProcessor<BearerTokenAuthenticationFilter>() {
                    @Override
                    public <O extends BearerTokenAuthenticationFilter> O postProcess(O filter) {
                        filter.setAuthenticationFailureHandler(refused);
                        return filter;
                    }
                }));
    }

    /**
     * The provider's keys are fetched at the first token (from the issuer's discovery document unless a
     * key set is named), so the application starts while the provider is away, and asks again later.
     * A token's time is judged by the application's clock, which stamps the events too.
     */
    static JwtDecoder decoder(OidcProperties oidc, Clock clock) {
        return new FirstUse(() -> {
            NimbusJwtDecoder decoder = (oidc.jwkSetUri() != null
                    ? NimbusJwtDecoder.withJwkSetUri(oidc.jwkSetUri())
                    : NimbusJwtDecoder.withIssuerLocation(oidc.issuerUri())).build();
            JwtTimestampValidator time = new JwtTimestampValidator();
            time.setClock(clock);
            List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>(List.of(time));
            if (oidc.issuerUri() != null) {
                validators.add(new JwtIssuerValidator(oidc.issuerUri()));
            }
            if (!oidc.audiences().isEmpty()) {
                validators.add(new JwtClaimValidator<Collection<String>>(JwtClaimNames.AUD,
                        audience -> audience != null && audience.stream().anyMatch(oidc.audiences()::contains)));
            }
            decoder.setJwtValidator(JwtValidators.createDefaultWithValidators(validators));
            return decoder;
        });
    }

    /**
     * A decoder made at the first token, and again at the next while making it fails (the discovery
     * document cannot be read): a failure to make it is a failure to check the token (503), not a bad token.
     * Spring's {@code SupplierJwtDecoder} throws an error no sign-in step answers, which would be a 500.
     */
    private static final class FirstUse implements JwtDecoder {
        private final Supplier<JwtDecoder> make;
        private volatile JwtDecoder made;

        FirstUse(Supplier<JwtDecoder> make) {
            this.make = make;
        }

        @Override
        public Jwt decode(String token) {
            JwtDecoder decoder = made;
            if (decoder == null) {
                try {
                    decoder = make.get();
                } catch (RuntimeException e) {
                    throw new JwtException("The identity provider's configuration could not be read: " + e.getMessage(), e);
                }
                made = decoder;
            }
            return decoder.decode(token);
        }
    }

    private static void refuse(ProblemResponses problems, jakarta.servlet.http.HttpServletResponse response,
                               AuthenticationException e) throws java.io.IOException {
        if (e instanceof AuthenticationServiceException) {
            log.warn("A bearer token could not be checked: {}", e.getMessage());
            problems.write(response, HttpStatus.SERVICE_UNAVAILABLE,
                    "The identity provider's keys could not be read to check the token: try again later.");
            return;
        }
        response.setHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
        String reason = e instanceof OAuth2AuthenticationException oauth && oauth.getError().getDescription() != null
                ? oauth.getError().getDescription() : e.getMessage();
        problems.write(response, HttpStatus.UNAUTHORIZED, "The bearer token was refused: " + reason);
    }
}
