package dev.closeout.application.security;

import org.springframework.security.authentication.AbstractAuthenticationToken;

/**
 * A user signed in through the identity provider, by a bearer token on the API or through the provider
 * on the pages: its principal is the {@link CloseoutUser} the claims name ({@link ProviderUsers}), as a
 * password's is, so every controller, command and masking rule sees the same user either way.
 */
final class ProviderSignIn extends AbstractAuthenticationToken {

    private final CloseoutUser user;
    private final transient Object token;

    /** @param token the provider's token (a JWT on the API, the ID token on the pages), as the credentials */
    ProviderSignIn(CloseoutUser user, Object token) {
        super(user.getAuthorities());
        this.user = user;
        this.token = token;
        setAuthenticated(true);
    }

    @Override
    public CloseoutUser getPrincipal() {
        return user;
    }

    @Override
    public Object getCredentials() {
        return token;
    }
}
