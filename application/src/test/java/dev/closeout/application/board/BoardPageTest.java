package dev.closeout.application.board;

import dev.closeout.application.support.ApiClient;
import dev.closeout.application.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The battle map (作战图) page: served to signed-in readers only, with the browser's own sign-in
 * prompt, and it reads only the ledger API the rest of the product uses.
 */
class BoardPageTest extends IntegrationTest {

    @Test
    void the_board_asks_the_browser_to_sign_in_and_is_served_to_readers() {
        ApiClient.Response anonymousRead = anonymous.get("/board.html");
        assertThat(anonymousRead.status()).isEqualTo(401);
        assertThat(anonymousRead.header("WWW-Authenticate")).startsWith("Basic");

        ApiClient.Response page = auditor.get("/board.html");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.contentType()).startsWith("text/html");
        assertThat(page.body()).contains("作战图", "/js/board.js");
        assertThat(deptA.get("/board.html").status()).isEqualTo(200);
        assertThat(alerts.get("/board.html").status()).as("an alert consumer cannot read ledgers").isEqualTo(403);
    }

    @Test
    void the_board_sets_what_users_typed_as_text_never_as_markup() {
        String page = auditor.get("/board.html").body();
        String script = auditor.get("/js/board.js").body();
        assertThat(script).contains("/api/ledgers/");
        assertThat(Pattern.compile("innerHTML|outerHTML|insertAdjacentHTML|document\\.write").matcher(script).find())
                .as("titles, ledgers and departments come from users: the page must never parse them as HTML")
                .isFalse();
        assertThat(page).as("no inline script or style, so a Content-Security-Policy can forbid them")
                .doesNotContainPattern("<script>|<script(?![^>]*\\ssrc=)[^>]*>|<style|\\sstyle=|\\son[a-z]+=");
    }
}
