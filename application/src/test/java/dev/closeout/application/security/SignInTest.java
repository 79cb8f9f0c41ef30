package dev.closeout.application.security;

import dev.closeout.application.support.ApiClient;
import dev.closeout.application.support.ApiClient.Response;
import dev.closeout.application.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/** Over HTTP, a name nobody has and a wrong password are answered alike and cost alike. */
class SignInTest extends IntegrationTest {

    @Autowired
    private ConfiguredUsers users;

    @Autowired
    private SecurityProperties properties;

    @Test
    void a_name_nobody_has_is_checked_against_a_hash_of_the_configured_users_algorithm_and_cost() {
        String standIn = users.standInHash();
        assertThat(properties.users()).isNotEmpty().allSatisfy(user ->
                assertThat(standIn).startsWith(user.password().substring(0, "{bcrypt}$2a$04$".length())));
    }

    @Test
    void a_name_nobody_has_and_a_wrong_password_get_the_same_answer() {
        Response unknownName = new ApiClient(port, "nobody", "dept-a").get("/api/ledgers");
        Response wrongPassword = new ApiClient(port, "dept-a", "nobody").get("/api/ledgers");

        assertThat(unknownName.status()).isEqualTo(wrongPassword.status()).isEqualTo(401);
        assertThat(unknownName.body()).isEqualTo(wrongPassword.body());
        assertThat(unknownName.header("WWW-Authenticate")).isEqualTo(wrongPassword.header("WWW-Authenticate"));
        assertThat(unknownName.contentType()).isEqualTo("application/problem+json");
    }
}
