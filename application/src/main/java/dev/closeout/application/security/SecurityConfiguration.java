package dev.closeout.application.security;

import dev.closeout.application.infrastructure.mongo.Durability;
import dev.closeout.application.web.ProblemResponses;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.http.HttpStatus;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.context.DelegatingSecurityContextRepository;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.csrf.CsrfFilter;
import org.axonframework.eventsourcing.eventstore.EventStore;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The API: HTTP Basic over users from configuration and users added through the API
 * ({@link ConfiguredUsers}, {@link UserAdministration}), the identity provider's bearer tokens when one
 * is configured ({@link BearerTokens}), or the session of a browser signed in to the pages
 * ({@link PageSecurity}). Which role may use which path
 * is {@link AccessRules}'; what a user may change is decided by the aggregates, which know each
 * task's lead department and each complaint's assigned department. Commands from other sites'
 * pages are refused by {@link CrossSiteCommandFilter}. Failures are answered as problem details
 * like every other error.
 */
@Configuration
public class SecurityConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);

    @Bean
    @Order(1)
    SecurityFilterChain api(HttpSecurity http, ProblemResponses problems, SecurityProperties properties, Clock clock,
                            OidcProperties oidc, UserStore stored, ConfiguredUsers users) throws Exception {
        // No session carries a token for the stateless API; CrossSiteCommandFilter stands in for it, for
        // Basic callers and for the pages' own scripts, which the API knows by their page session.
        http.securityMatcher(AccessRules.API)
                .csrf(csrf -> csrf.disable())
                // The request attribute carries a sign-in over to the request's async and error dispatches.
                .securityContext(context -> context.securityContextRepository(new DelegatingSecurityContextRepository(
                        new RequestAttributeSecurityContextRepository(), new SessionReadingContextRepository())))
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .httpBasic(basic -> basic.authenticationEntryPoint(unauthorized(problems, clock, oidc)))
                .exceptionHandling(e -> e.authenticationEntryPoint(unauthorized(problems, clock, oidc))
                        .accessDeniedHandler(forbidden(problems)))
                .addFilterBefore(new CrossSiteCommandFilter(AllowedOrigins.of(properties.allowedOrigins()), problems),
                        CsrfFilter.class)
                .authorizeHttpRequests(AccessRules::apply)
                .addFilterAfter(new PasswordChangeRequired(problems), AuthorizationFilter.class)
                .addFilterAfter(new SessionUserCheck(stored, users::configured, problems),
                        SecurityContextHolderFilter.class)
                .headers(Customizer.withDefaults());
        if (oidc.tokens()) {
            BearerTokens.apply(http, oidc, new ProviderUsers(oidc, stored), problems, clock);
            log.info("The API takes bearer tokens of the identity provider {} beside HTTP Basic.",
                    oidc.issuerUri() != null ? oidc.issuerUri() : oidc.jwkSetUri());
        }
        return http.build();
    }

    private static AuthenticationEntryPoint unauthorized(ProblemResponses problems, Clock clock, OidcProperties oidc) {
        return (request, response, e) -> {
            if (e instanceof SignInLockedException locked) {
                // Said of every locked name alike, a user's or not.
                long seconds = Math.max(1, (Duration.between(clock.instant(), locked.until()).toMillis() + 999) / 1000);
                response.setHeader("Retry-After", Long.toString(seconds));
                problems.write(response, HttpStatus.TOO_MANY_REQUESTS,
                        "Too many wrong passwords for this name: try again later.");
                return;
            }
            response.setHeader("WWW-Authenticate", "Basic realm=\"closeout\"");
            if (oidc.tokens()) {
                response.addHeader("WWW-Authenticate", "Bearer");
                problems.write(response, HttpStatus.UNAUTHORIZED,
                        "Sign in with HTTP Basic or a bearer token of the identity provider to use this API.");
                return;
            }
            problems.write(response, HttpStatus.UNAUTHORIZED, "Sign in with HTTP Basic to use this API.");
        };
    }

    private static AccessDeniedHandler forbidden(ProblemResponses problems) {
        return (request, response, e) ->
                problems.write(response, HttpStatus.FORBIDDEN, "Your role may not use " + request.getRequestURI());
    }

    /**
     * No observation of every security filter, authentication and authorization: with an observation
     * registry present (Actuator's), Spring Security wraps each of the chain's filters in one, which cost a
     * few per cent of a command's CPU and fed no metric we publish. Requests are still observed whole
     * ({@code http_server_requests}).
     */
    @Bean
    SecurityObservationSettings securityObservations() {
        return SecurityObservationSettings.noObservations();
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    ConfiguredUsers users(SecurityProperties properties, PasswordEncoder encoder, UserStore stored, Clock clock,
                          @Value("${closeout.security.verified-password-ttl:PT5M}") Duration verifiedPasswordTtl,
                          @Value("${closeout.security.lockout.attempts:5}") int lockoutAttempts,
                          @Value("${closeout.security.lockout.window:PT15M}") Duration lockoutWindow,
                          @Value("${closeout.security.lockout.duration:PT15M}") Duration lockoutDuration,
                          @Value("${closeout.security.lockout.slow-down:PT1S}") Duration slowDown) {
        List<CloseoutUser> users = configured(properties);
        if (properties.demoUsers()) {
            log.warn("DEMO USERS ARE ENABLED ({}), each with its name as password. "
                    + "Never run this profile with real data; configure closeout.security.users instead.",
                    String.join(", ", users.stream().map(CloseoutUser::username).sorted().toList()));
        }
        if (users.isEmpty()) {
            log.warn("No users are configured (closeout.security.users): every request will be refused.");
        }
        return new ConfiguredUsers(users, encoder, new VerifiedCredentials(verifiedPasswordTtl, System::nanoTime),
                stored, new SignInAttempts(lockoutAttempts, lockoutWindow, lockoutDuration, slowDown,
                100_000, clock));
    }

    @Bean
    UserAdministration userAdministration(UserStore stored, EventStore events, PasswordEncoder encoder,
                                          ConfiguredUsers users, SecurityProperties properties, Durability durability) {
        return new UserAdministration(stored, events, encoder, users, configured(properties), durability);
    }

    private static List<CloseoutUser> configured(SecurityProperties properties) {
        return properties.users().stream()
                .map(u -> new CloseoutUser(u.name(), u.password(), u.role(), u.department()))
                .toList();
    }
}
