package dev.closeout.application.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.MongoTimeoutException;
import dev.closeout.application.web.ProblemResponses;
import dev.closeout.domain.common.Role;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The check of a session's user, request by request: a disabled user's session ends, a configured user's is left
 * alone whatever the store holds under its name, and a store that cannot be read lets no session through unchecked.
 */
class SessionUserCheckTest {

    private static final CloseoutUser CLERK = new CloseoutUser("zhang.wei", "{bcrypt}hash", Role.DEPARTMENT, "DEPT-A");

    private final MockHttpSession session = new MockHttpSession();
    private final MockHttpServletResponse response = new MockHttpServletResponse();
    private MockFilterChain chain;

    @AfterEach
    void clear() {
        SecurityContextHolder.clearContext();
    }

    private void check(Function<String, Optional<StoredUser>> stored, List<String> configured) throws Exception {
        SecurityContextHolder.getContext().setAuthentication(
                UsernamePasswordAuthenticationToken.authenticated(CLERK, null, CLERK.getAuthorities()));
        chain = new MockFilterChain();
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/");
        request.setSession(session);
        new SessionUserCheck(store(stored), configured::contains, new ProblemResponses(new ObjectMapper()))
                .doFilter(request, response, chain);
    }

    private static StoredUser clerk(boolean disabled) {
        return new StoredUser(CLERK.username(), CLERK.passwordHash(), Role.DEPARTMENT, "DEPT-A", disabled, false, 3);
    }

    @Test
    void a_disabled_users_session_ends_and_the_request_goes_on_signed_out() throws Exception {
        check(name -> Optional.of(clerk(true)), List.of());

        assertThat(session.isInvalid()).isTrue();
        assertThat(SecurityContextHolder.getContext().getAuthentication()).isNull();
        assertThat(chain.getRequest()).as("on to the sign-in page or a 401").isNotNull();
    }

    @Test
    void a_current_users_session_and_a_configured_users_are_left_alone() throws Exception {
        check(name -> Optional.of(clerk(false)), List.of());
        assertThat(session.isInvalid()).isFalse();

        check(name -> Optional.of(clerk(true)), List.of(CLERK.username()));
        assertThat(session.isInvalid()).as("configuration, not the store, says who a configured user is").isFalse();
    }

    @Test
    void a_store_that_cannot_be_read_answers_503_and_lets_nothing_through() throws Exception {
        check(name -> {
            throw new MongoTimeoutException("no server");
        }, List.of());

        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getContentType()).startsWith("application/problem+json");
        assertThat(chain.getRequest()).isNull();
    }

    private static UserStore store(Function<String, Optional<StoredUser>> find) {
        return new UserStore() {
            @Override
            public Optional<StoredUser> find(String name) {
                return find.apply(name);
            }

            @Override
            public List<StoredUser> all() {
                return List.of();
            }

            @Override
            public boolean insert(StoredUser user) {
                return false;
            }

            @Override
            public boolean replace(StoredUser user, long expectedVersion) {
                return false;
            }
        };
    }
}
