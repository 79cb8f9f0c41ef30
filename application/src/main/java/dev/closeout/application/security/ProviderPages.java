package dev.closeout.application.security;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.client.oidc.authentication.OidcIdTokenDecoderFactory;
import org.springframework.security.oauth2.client.oidc.authentication.OidcIdTokenValidator;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.ClientRegistrations;
import org.springframework.security.oauth2.client.web.HttpSessionOAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestRedirectFilter;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.oauth2.jwt.JwtDecoderFactory;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.security.web.authentication.SimpleUrlAuthenticationFailureHandler;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;

import java.time.Clock;

/**
 * The pages' sign-in through the identity provider (OpenID Connect, authorization code flow), beside
 * the form: {@value PageSecurity#PROVIDER_SIGN_IN} sends the browser to the provider, which sends it back to
 * {@code /login/oauth2/code/closeout}. The ID token's claims name the Closeout user as a bearer token's
 * do ({@link ProviderUsers}); claims that name none send the browser back to {@code /signin?refused}, a
 * provider that cannot be reached to {@code /signin?unavailable}.
 * The session then holds the same {@link CloseoutUser} a password sign-in holds.
 */
final class ProviderPages {

    private static final Logger log = LoggerFactory.getLogger(ProviderPages.class);

    /** The provider's registration, named in the paths of the flow (Spring's defaults). */
    static final String REGISTRATION = "closeout";

    private ProviderPages() {
    }

    static void apply(HttpSecurity http, OidcProperties oidc, ProviderUsers users) throws Exception {
        OidcUserService provider = new OidcUserService();
        SecurityContextRepository sessions = new HttpSessionSecurityContextRepository();
        SavedRequestAwareAuthenticationSuccessHandler onward = new SavedRequestAwareAuthenticationSuccessHandler();
        onward.setDefaultTargetUrl("/");
        SimpleUrlAuthenticationFailureHandler refused = new SimpleUrlAuthenticationFailureHandler("/signin?refused");
        http.oauth2Login(login -> login.loginPage("/signin")
                .clientRegistrationRepository(new Discovered(oidc))
                // The provider's access token is not used afterwards: it lives and dies with the session.
                .authorizedClientRepository(new HttpSessionOAuth2AuthorizedClientRepository())
                .userInfoEndpoint(info -> info.oidcUserService(request -> {
                    OidcUser signedIn = provider.loadUser(request);
                    return new Named(users.user(signedIn.getClaims()), signedIn);
                }))
                .successHandler((request, response, authentication) -> {
                    Named named = (Named) authentication.getPrincipal();
                    SecurityContext context = SecurityContextHolder.createEmptyContext();
                    context.setAuthentication(new ProviderSignIn(named.user, named.getIdToken()));
                    SecurityContextHolder.setContext(context);
                    sessions.saveContext(context, request, response);
                    onward.onAuthenticationSuccess(request, response, context.getAuthentication());
                })
                .failureHandler((request, response, e) -> {
                    log.info("A sign-in through the identity provider was refused: {}", e.getMessage());
                    refused.onAuthenticationFailure(request, response, e);
                })
                // Spring answers a flow that cannot start (the discovery document unreadable) with a bare 500.
                .withObjectPostProcessor(new ObjectPostProcessor<OAuth2AuthorizationRequestRedirectFilter>() {
                    @Override
                    public <O extends OAuth2AuthorizationRequestRedirectFilter> O postProcess(O filter) {
                        filter.setAuthenticationFailureHandler((request, response, e) -> {
                            log.warn("Sign-in through the identity provider could not start: {}", e.getMessage());
                            response.sendRedirect(request.getContextPath() + "/signin?unavailable");
                        });
                        return filter;
                    }
                }));
    }

    /** ID tokens judged by the application's clock, as bearer tokens are ({@link BearerTokens}). */
    static JwtDecoderFactory<ClientRegistration> idTokens(Clock clock) {
        OidcIdTokenDecoderFactory decoders = new OidcIdTokenDecoderFactory();
        decoders.setJwtValidatorFactory(registration -> {
            JwtTimestampValidator time = new JwtTimestampValidator();
            time.setClock(clock);
            OidcIdTokenValidator token = new OidcIdTokenValidator(registration);
            token.setClock(clock);
            return new DelegatingOAuth2TokenValidator<>(time, token);
        });
        return decoders;
    }

    /** The provider's OpenID user, with the Closeout user its claims name. */
    private static final class Named extends DefaultOidcUser {
        private final CloseoutUser user;

        Named(CloseoutUser user, OidcUser signedIn) {
            super(user.getAuthorities(), signedIn.getIdToken(), signedIn.getUserInfo());
            this.user = user;
        }
    }

    /**
     * The provider's endpoints, read from the issuer's discovery document at the first sign-in through
     * it (and again after a failure), so that the application starts while the provider is away.
     */
    private static final class Discovered implements ClientRegistrationRepository {
        private final OidcProperties oidc;
        private volatile ClientRegistration registration;

        Discovered(OidcProperties oidc) {
            this.oidc = oidc;
        }

        @Override
        public ClientRegistration findByRegistrationId(String id) {
            if (!REGISTRATION.equals(id)) {
                return null;
            }
            ClientRegistration found = registration;
            if (found == null) {
                ClientRegistration.Builder builder = ClientRegistrations.fromOidcIssuerLocation(oidc.issuerUri())
                        .registrationId(REGISTRATION).clientId(oidc.clientId()).scope("openid", "profile");
                found = oidc.clientSecret() != null ? builder.clientSecret(oidc.clientSecret()).build()
                        : builder.clientAuthenticationMethod(ClientAuthenticationMethod.NONE).build();
                registration = found;
            }
            return found;
        }
    }
}
