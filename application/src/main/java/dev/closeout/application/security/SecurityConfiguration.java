package dev.closeout.application.security;

import dev.closeout.application.web.ProblemResponses;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.http.HttpStatus;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.context.DelegatingSecurityContextRepository;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.csrf.CsrfFilter;

import java.time.Duration;
import java.util.List;

/**
 * The API: HTTP Basic over users from configuration ({@link ConfiguredUsers}), or the session of a
 * browser signed in to the pages ({@link PageSecurity}). Which role may use which path
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
    SecurityFilterChain api(HttpSecurity http, ProblemResponses problems, SecurityProperties properties)
            throws Exception {
        // No session carries a token for the stateless API; CrossSiteCommandFilter stands in for it, for
        // Basic callers and for the pages' own scripts, which the API knows by their page session.
        http.securityMatcher(AccessRules.API)
                .csrf(csrf -> csrf.disable())
                // The request attribute carries a sign-in over to the request's async and error dispatches.
                .securityContext(context -> context.securityContextRepository(new DelegatingSecurityContextRepository(
                        new RequestAttributeSecurityContextRepository(), new SessionReadingContextRepository())))
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .httpBasic(basic -> basic.authenticationEntryPoint(unauthorized(problems)))
                .exceptionHandling(e -> e.authenticationEntryPoint(unauthorized(problems))
                        .accessDeniedHandler(forbidden(problems)))
                .addFilterBefore(new CrossSiteCommandFilter(AllowedOrigins.of(properties.allowedOrigins()), problems),
                        CsrfFilter.class)
                .authorizeHttpRequests(AccessRules::apply)
                .headers(Customizer.withDefaults());
        return http.build();
    }

    private static AuthenticationEntryPoint unauthorized(ProblemResponses problems) {
        return (request, response, e) -> {
            response.setHeader("WWW-Authenticate", "Basic realm=\"closeout\"");
            problems.write(response, HttpStatus.UNAUTHORIZED, "Sign in with HTTP Basic to use this API.");
        };
    }

    private static AccessDeniedHandler forbidden(ProblemResponses problems) {
        return (request, response, e) ->
                problems.write(response, HttpStatus.FORBIDDEN, "Your role may not use " + request.getRequestURI());
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    ConfiguredUsers users(SecurityProperties properties, PasswordEncoder encoder,
                          @Value("${closeout.security.verified-password-ttl:PT5M}") Duration verifiedPasswordTtl) {
        List<CloseoutUser> users = properties.users().stream()
                .map(u -> new CloseoutUser(u.name(), u.password(), u.role(), u.department()))
                .toList();
        if (properties.demoUsers()) {
            log.warn("DEMO USERS ARE ENABLED ({}), each with its name as password. "
                    + "Never run this profile with real data; configure closeout.security.users instead.",
                    String.join(", ", users.stream().map(CloseoutUser::username).sorted().toList()));
        }
        if (users.isEmpty()) {
            log.warn("No users are configured (closeout.security.users): every request will be refused.");
        }
        return new ConfiguredUsers(users, encoder, new VerifiedCredentials(verifiedPasswordTtl, System::nanoTime));
    }
}
