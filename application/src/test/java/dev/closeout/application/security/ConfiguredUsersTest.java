package dev.closeout.application.security;

import dev.closeout.domain.common.Role;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * A name nobody has costs what a wrong password costs: one password check, against a hash of the
 * configured algorithm and cost. Counted, not timed, so that a busy machine cannot make it flaky.
 */
class ConfiguredUsersTest {

    private static final PasswordEncoder ENCODER = PasswordEncoderFactories.createDelegatingPasswordEncoder();

    /** The hash each password check was made against, in order. */
    private final List<String> checkedAgainst = new ArrayList<>();

    private final PasswordEncoder countingEncoder = new PasswordEncoder() {
        @Override
        public String encode(CharSequence rawPassword) {
            return ENCODER.encode(rawPassword);
        }

        @Override
        public boolean matches(CharSequence rawPassword, String encodedPassword) {
            checkedAgainst.add(encodedPassword);
            return ENCODER.matches(rawPassword, encodedPassword);
        }
    };

    private static CloseoutUser user(String name, BCryptPasswordEncoder.BCryptVersion version, int cost) {
        return new CloseoutUser(name, "{bcrypt}" + new BCryptPasswordEncoder(version, cost).encode(name),
                Role.DEPARTMENT, "DEPT-A");
    }

    private static Authentication signIn(String name, String password) {
        return UsernamePasswordAuthenticationToken.unauthenticated(name, password);
    }

    private static String algorithmAndCost(String hash) {
        return hash.substring(0, "{bcrypt}$2a$04$".length());
    }

    @Test
    void an_unknown_name_costs_one_password_check_at_the_configured_cost_like_a_wrong_password() {
        ConfiguredUsers users = new ConfiguredUsers(List.of(user("dept-a", BCryptPasswordEncoder.BCryptVersion.$2A, 4)),
                countingEncoder);

        Throwable unknownName = catchThrowable(() -> users.authenticate(signIn("nobody", "guess")));
        Throwable wrongPassword = catchThrowable(() -> users.authenticate(signIn("dept-a", "guess")));

        assertThat(checkedAgainst).hasSize(2);
        assertThat(algorithmAndCost(checkedAgainst.get(0))).isEqualTo(algorithmAndCost(checkedAgainst.get(1)))
                .isEqualTo("{bcrypt}$2a$04$");
        assertThat(unknownName).isInstanceOf(BadCredentialsException.class)
                .hasMessage(wrongPassword.getMessage()).hasSameClassAs(wrongPassword);
    }

    @Test
    void the_stand_in_is_made_once_like_the_costliest_configured_hash() {
        ConfiguredUsers users = new ConfiguredUsers(List.of(user("dept-a", BCryptPasswordEncoder.BCryptVersion.$2A, 4),
                user("supervisor", BCryptPasswordEncoder.BCryptVersion.$2B, 6)), countingEncoder);

        catchThrowable(() -> users.authenticate(signIn("nobody", "guess")));
        catchThrowable(() -> users.authenticate(signIn("somebody", "")));

        assertThat(checkedAgainst).hasSize(2).containsOnly(users.standInHash());
        assertThat(algorithmAndCost(users.standInHash())).isEqualTo("{bcrypt}$2b$06$");
    }

    @Test
    void without_configured_users_the_stand_in_is_the_encoders_default() {
        ConfiguredUsers users = new ConfiguredUsers(List.of(), countingEncoder);

        assertThat(algorithmAndCost(users.standInHash())).isEqualTo("{bcrypt}$2a$10$");
    }

    @Test
    void the_right_password_signs_in_as_the_configured_user_with_its_role() {
        ConfiguredUsers users = new ConfiguredUsers(List.of(user("dept-a", BCryptPasswordEncoder.BCryptVersion.$2A, 4)),
                countingEncoder);

        Authentication signedIn = users.authenticate(signIn("dept-a", "dept-a"));

        assertThat(signedIn.isAuthenticated()).isTrue();
        assertThat(signedIn.getPrincipal()).isInstanceOf(CloseoutUser.class);
        assertThat(((CloseoutUser) signedIn.getPrincipal()).department()).isEqualTo("DEPT-A");
        assertThat(signedIn.getAuthorities()).extracting(GrantedAuthority::getAuthority).containsExactly("ROLE_DEPARTMENT");
        assertThat(signedIn.getCredentials()).isNull();
    }

    @Test
    void a_password_that_passed_is_taken_without_the_slow_check_until_its_while_is_over() {
        long[] now = {0};
        ConfiguredUsers users = new ConfiguredUsers(List.of(user("dept-a", BCryptPasswordEncoder.BCryptVersion.$2A, 4)),
                countingEncoder, new VerifiedCredentials(Duration.ofMinutes(5), () -> now[0]));

        users.authenticate(signIn("dept-a", "dept-a"));
        now[0] += Duration.ofMinutes(4).toNanos();
        Authentication again = users.authenticate(signIn("dept-a", "dept-a"));
        assertThat(checkedAgainst).as("one slow check for two sign-ins within the while").hasSize(1);
        assertThat(((CloseoutUser) again.getPrincipal()).department()).isEqualTo("DEPT-A");

        now[0] += Duration.ofMinutes(2).toNanos();
        users.authenticate(signIn("dept-a", "dept-a"));
        assertThat(checkedAgainst).as("the while over, the password is checked again").hasSize(2);
    }

    @Test
    void a_wrong_password_always_takes_the_slow_check_and_fails_even_after_the_right_one_passed() {
        ConfiguredUsers users = new ConfiguredUsers(List.of(user("dept-a", BCryptPasswordEncoder.BCryptVersion.$2A, 4)),
                countingEncoder, new VerifiedCredentials(Duration.ofMinutes(5), System::nanoTime));
        users.authenticate(signIn("dept-a", "dept-a"));

        Throwable wrong = catchThrowable(() -> users.authenticate(signIn("dept-a", "dept-b")));
        Throwable unknown = catchThrowable(() -> users.authenticate(signIn("nobody", "dept-a")));

        assertThat(wrong).isInstanceOf(BadCredentialsException.class);
        assertThat(unknown).isInstanceOf(BadCredentialsException.class);
        assertThat(checkedAgainst).hasSize(3);
    }
}
