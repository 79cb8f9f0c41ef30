package dev.closeout.application.board;

import dev.closeout.application.support.ApiClient;
import dev.closeout.application.support.IntegrationTest;
import dev.closeout.application.support.PageSession;
import org.junit.jupiter.api.Test;

import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The battle map (作战图) page: served to signed-in readers only, signed in through the pages' sign-in
 * form, and it reads only the ledger API the rest of the product uses.
 */
class BoardPageTest extends IntegrationTest {

    @Test
    void the_board_sends_a_hall_screen_to_the_sign_in_page_and_is_served_to_readers() {
        ApiClient.Response anonymousRead = anonymous.get("/board.html");
        assertThat(anonymousRead.status()).isEqualTo(302);
        assertThat(anonymousRead.header("Location")).endsWith("/signin");
        assertThat(anonymousRead.header("WWW-Authenticate")).as("no Basic prompt a hall screen cannot answer").isNull();

        PageSession auditorBrowser = signedIn("auditor");
        ApiClient.Response page = auditorBrowser.get("/board.html");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.contentType()).startsWith("text/html");
        assertThat(page.body()).contains("作战图", "/js/board.js");
        assertThat(auditorBrowser.get("/api/ledgers").status()).as("the board's own reads, with the page session")
                .isEqualTo(200);
        assertThat(signedIn("dept-a").get("/board.html").status()).isEqualTo(200);
        assertThat(signedIn("alerts").get("/board.html").status()).as("an alert consumer cannot read ledgers")
                .isEqualTo(403);
    }

    @Test
    void the_board_sets_what_users_typed_as_text_never_as_markup() {
        PageSession auditorBrowser = signedIn("auditor");
        String page = auditorBrowser.get("/board.html").body();
        String script = auditorBrowser.get("/js/board.js").body();
        assertThat(script).contains("/api/ledgers/");
        assertThat(Pattern.compile("innerHTML|outerHTML|insertAdjacentHTML|document\\.write").matcher(script).find())
                .as("titles, ledgers and departments come from users: the page must never parse them as HTML")
                .isFalse();
        assertThat(page).as("no inline script or style, so a Content-Security-Policy can forbid them")
                .doesNotContainPattern("<script>|<script(?![^>]*\\ssrc=)[^>]*>|<style|\\sstyle=|\\son[a-z]+=");
    }

    private PageSession signedIn(String user) {
        PageSession session = new PageSession(port);
        session.signIn(user, user);
        return session;
    }
}
