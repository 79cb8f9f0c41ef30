package dev.closeout.application.workspace;

import dev.closeout.application.support.BrowserTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Signing in and out through the sign-in page, and the refusal of a page a role may not open. */
class SignInBrowserTest extends BrowserTest {

    @Test
    void a_wrong_password_says_only_that_name_or_password_was_wrong() {
        browser.manage().deleteAllCookies();
        open("/signin");
        lookAt("signin");
        find("#username").sendKeys("dept-a");
        find("#password").sendKeys("not-the-password");
        submit(find("form button[type=submit]"));

        assertThat(browser.getCurrentUrl()).endsWith("/signin?error");
        assertThat(find("#signin-error").getText()).isEqualTo("用户名或密码错误。");
        assertThat(browser.getPageSource()).doesNotContain("dept-a", "DEPT-A");
        lookAt("signin-wrong-password");

        find("#username").sendKeys("nobody-has-this-name");
        find("#password").sendKeys("whatever");
        submit(find("form button[type=submit]"));
        assertThat(find("#signin-error").getText()).as("a name nobody has reads the same").isEqualTo("用户名或密码错误。");
    }

    @Test
    void the_right_password_lands_on_the_worklist_and_signing_out_ends_the_session() {
        signInThroughTheForm("dept-a");
        assertThat(browser.getCurrentUrl()).isEqualTo(url("/"));
        assertThat(find("h1").getText()).startsWith("工作台").contains("DEPT-A");
        assertThat(find(".who").getText()).contains("dept-a", "DEPT-A");

        submit(find(".signout button"));
        assertThat(browser.getCurrentUrl()).endsWith("/signin?signedout");
        open("/");
        assertThat(browser.getCurrentUrl()).as("signed out, the worklist asks to sign in again").endsWith("/signin");
    }

    @Test
    void a_department_user_is_refused_the_supervisor_desk() {
        signInThroughTheForm("dept-a");
        assertThat(findAll("nav a[href='/desk']")).as("the desk is not offered to a department").isEmpty();
        open("/desk");
        assertThat(find("h1").getText()).isEqualTo("无权访问此页面");
        lookAt("desk-refused");
    }

    @Test
    void the_language_switch_shows_english_and_remembers_it() {
        signInAs("auditor");
        open("/?lang=en");
        assertThat(find("h1").getText()).startsWith("Worklist");
        open("/");
        assertThat(find("h1").getText()).as("the choice is remembered").startsWith("Worklist");
        assertThat(find("html").getAttribute("lang")).isEqualTo("en");
        lookAt("worklist-auditor-english");
        open(find(".lang a[lang=zh-CN]").getAttribute("pathname") + find(".lang a[lang=zh-CN]").getAttribute("search"));
        assertThat(find("h1").getText()).startsWith("工作台");
    }
}
