package dev.closeout.application.security;

import dev.closeout.application.web.ProblemResponses;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.jwt.JwtDecoderFactory;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.security.web.access.AccessDeniedHandlerImpl;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.ExceptionMappingAuthenticationFailureHandler;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;

import java.time.Clock;
import java.util.Map;

/**
 * The browser pages: sign-in with a form at {@code /signin}, a session cookie (HttpOnly, SameSite=Lax,
 * see {@code server.servlet.session.cookie}), Spring's CSRF token on every form, a new session id at
 * sign-in, sign-out by POST to {@code /signout}; with an identity provider configured, sign-in through it
 * too ({@link ProviderPages}). Every path the API chain does not take is a page.
 * Headers: a Content-Security-Policy that allows no inline script, no framing, no caching.
 */
@Configuration
public class PageSecurity {

    /** No inline script or style anywhere; forms post only here; nothing may frame a page. */
    static final String POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'";

    /** Where a signed-in user refused a page is shown why, with the page's status 403. */
    public static final String REFUSED_PAGE = "/refused";

    /** Where the sign-in page's link to the identity provider points ({@link ProviderPages}). */
    public static final String PROVIDER_SIGN_IN = "/oauth2/authorization/" + ProviderPages.REGISTRATION;

    @Bean
    @Order(2)
    SecurityFilterChain pages(HttpSecurity http, OidcProperties oidc, UserStore stored, ConfiguredUsers users,
                              ProblemResponses problems) throws Exception {
        AccessDeniedHandlerImpl refused = new AccessDeniedHandlerImpl();
        refused.setErrorPage(REFUSED_PAGE);
        http.authorizeHttpRequests(AccessRules::pages)
                .formLogin(form -> form.loginPage("/signin").loginProcessingUrl("/signin")
                        .failureHandler(failures()).defaultSuccessUrl("/", false).permitAll())
                .logout(logout -> logout.logoutUrl("/signout").logoutSuccessUrl("/signin?signedout")
                        .deleteCookies("JSESSIONID"))
                .sessionManagement(session -> session.sessionFixation(fixation -> fixation.changeSessionId()))
                .exceptionHandling(e -> e.accessDeniedHandler(refused))
                .addFilterAfter(new PasswordChangeRequired.Pages(), AuthorizationFilter.class)
                .addFilterAfter(new SessionUserCheck(stored, users::configured, problems),
                        SecurityContextHolderFilter.class)
                .headers(headers -> headers
                        .frameOptions(frame -> frame.deny())
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.SAME_ORIGIN))
                        .contentSecurityPolicy(csp -> csp.policyDirectives(POLICY)));
        if (oidc.pages()) {
            ProviderPages.apply(http, oidc, new ProviderUsers(oidc, stored));
        }
        return http.build();
    }

    /** Used by the sign-in through the identity provider, when one is configured. */
    @Bean
    JwtDecoderFactory<ClientRegistration> idTokenDecoders(Clock clock) {
        return ProviderPages.idTokens(clock);
    }

    /** A locked name is told to wait (every locked name alike); any other failure says only that it failed. */
    private static AuthenticationFailureHandler failures() {
        ExceptionMappingAuthenticationFailureHandler failures = new ExceptionMappingAuthenticationFailureHandler();
        failures.setExceptionMappings(Map.of(SignInLockedException.class.getName(), "/signin?locked"));
        failures.setDefaultFailureUrl("/signin?error");
        return failures;
    }
}
