package dev.closeout.application.support;

import com.deque.html.axecore.selenium.AxeBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Base of the tests that drive the pages in headless Chromium, as a user would: Debian's
 * {@code chromium} and {@code chromium-driver} (driver at {@value #CHROMEDRIVER}; {@code .ci/run}
 * installs both). A missing install fails the tests, naming the packages, rather than skipping them:
 * a green run must not hide that the pages went untested. One browser for the whole run; tests of a
 * class may share its signed-in session. Every page a test looks at can be saved as a
 * screenshot under {@code target/screenshots/} and checked with axe-core.
 */
public abstract class BrowserTest extends IntegrationTest {

    static final String CHROMEDRIVER = "/usr/bin/chromedriver";
    static final String CHROMIUM = "/usr/bin/chromium";
    /** A phone's width in CSS pixels (iPhone 12–15). */
    protected static final int PHONE_WIDTH = 390;
    private static final int PHONE_HEIGHT = 844;
    private static final int LOOKED_AT_HEIGHT = 4000;
    private static final long LOOK_EVERY_MILLIS = 50;
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final Set<String> BLOCKING = Set.of("serious", "critical");
    /** axe-core itself: the copy the axe-core Selenium library carries. */
    private static final String AXE_SOURCE = axeSource();
    /**
     * The name of the function, in every page, that defines axe-core there when called ({@link #newBrowser}).
     */
    private static final String AXE_DEFINER = "closeoutDefineAxe";
    /** The script that runs axe-core in the page ({@link #lookAt}). */
    private static final String AXE_RUN = axeRun();

    private static final String SESSION_COOKIE = "JSESSIONID";
    private static final HttpClient SESSION_CHECK = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** Signed-in sessions by user name, for the whole run (the server is shared by every test class). */
    private static final Map<String, String> SESSIONS = new ConcurrentHashMap<>();

    protected static WebDriver browser;
    private static Path profile;

    /**
     * Opens the browser the first time a class needs it and keeps it for the rest of the run (Chromium
     * takes seconds to start); each class begins signed out, at desktop width. The browser is quit when
     * the test JVM ends.
     */
    @BeforeAll
    static void startBrowser() throws IOException {
        if (browser == null) {
            browser = newBrowser();
            Runtime.getRuntime().addShutdownHook(new Thread(BrowserTest::quitBrowser, "quit-chromium"));
        }
        browser.manage().deleteAllCookies();
        browser.manage().window().setSize(new Dimension(1280, 900));
    }

    private static WebDriver newBrowser() throws IOException {
        for (String required : List.of(CHROMEDRIVER, CHROMIUM)) {
            if (!Files.isExecutable(Path.of(required))) {
                fail(required + " is missing: the browser tests need Debian's chromium and chromium-driver "
                        + "(apt-get install -y chromium chromium-driver; .ci/run does this)");
            }
        }
        profile = Files.createTempDirectory("closeout-chromium");
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM).addArguments("--headless=new",
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--lang=zh-CN", "--user-data-dir=" + profile);
        // A county office's browser: Chinese first, as the pages are.
        options.setExperimentalOption("prefs", Map.of("intl.accept_languages", "zh-CN,zh"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
        ChromeDriver started = new ChromeDriver(service, options);
        started.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        // axe-core is half a megabyte: sent with every check it cost a third of a second on the driver's wire.
        // Handed to Chromium once, it becomes in every page a function that defines axe-core when called: a
        // page no test checks only parses the function's text, which V8 keeps compiled between pages.
        started.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument",
                Map.of("source", "window." + AXE_DEFINER + " = function () {\n" + AXE_SOURCE + "\n};"));
        return started;
    }

    private static void quitBrowser() {
        browser.quit();
        try (Stream<Path> files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a temporary profile left behind is harmless
        }
    }

    protected String url(String path) {
        return "http://localhost:" + port + path;
    }

    protected void open(String path) {
        browser.get(url(path));
    }

    /**
     * Opens {@code path} again until it shows {@code css}, and answers the first element shown: the worklist and the
     * desk list their rows from read models a command's answer does not wait for (the ledger lines), so an item
     * written a moment ago is listed a batch later.
     */
    protected WebElement openUntilShown(String path, String css) {
        List<WebElement> shown = Eventually.until(Duration.ofSeconds(30), () -> {
            open(path);
            return findAll(css);
        }, found -> !found.isEmpty());
        assertThat(shown).as("%s shows %s", path, css).isNotEmpty();
        return shown.get(0);
    }

    /**
     * Signs in as {@code user} for a test that needs a signed-in browser: hands the browser a session signed in
     * through the sign-in form over plain HTTP, the same session again while the server still knows it (signing in
     * through the form in the browser is {@code SignInBrowserTest}'s subject; every other test only needs the
     * session, and the browser would render the user's whole worklist it lands on). The browser stays on the page
     * it was on; the test opens the page it wants.
     */
    protected void signInAs(String user) {
        String session = SESSIONS.get(user);
        if (session == null || !stillSignedIn(session)) {
            session = signedInOverHttp(user);
            SESSIONS.put(user, session);
        }
        if (!browser.getCurrentUrl().startsWith(url("/"))) {
            open("/signin");
        }
        browser.manage().deleteAllCookies();
        browser.manage().addCookie(new Cookie.Builder(SESSION_COOKIE, session).path("/").isHttpOnly(true).build());
    }

    /** A new session of {@code user}'s, signed in through the sign-in form (its CSRF token included). */
    private String signedInOverHttp(String user) {
        PageSession page = new PageSession(port);
        ApiClient.Response answer = page.signIn(user, user);
        assertThat(answer.status()).as("signing %s in", user).isEqualTo(302);
        assertThat(answer.header("Location")).as("signing %s in", user).doesNotContain("error");
        return page.sessionId();
    }

    /** Signs in through the sign-in page, after signing out whoever was signed in; lands on the worklist. */
    protected void signInThroughTheForm(String user) {
        browser.manage().deleteAllCookies();
        open("/signin");
        browser.findElement(By.id("username")).sendKeys(user);
        browser.findElement(By.id("password")).sendKeys(user);
        submit(browser.findElement(By.cssSelector("form button[type=submit]")));
        Cookie session = browser.manage().getCookieNamed(SESSION_COOKIE);
        if (session != null) {
            SESSIONS.put(user, session.getValue());
        }
    }

    /** Whether the server still holds the session (a test may have signed it out). */
    private boolean stillSignedIn(String session) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url("/api/calendar/" + TestClock.firstDay().getYear())))
                .header("Cookie", SESSION_COOKIE + "=" + session).timeout(Duration.ofSeconds(10)).GET().build();
        try {
            return SESSION_CHECK.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Clicks a form's button and waits for the page the browser is sent to in answer: a mark left on
     * this page's window is gone once another page has loaded.
     */
    protected void submit(WebElement button) {
        JavascriptExecutor script = (JavascriptExecutor) browser;
        script.executeScript("window.closeoutLeftPage = true");
        button.click();
        waiting(Duration.ofSeconds(30)).until(driver -> Boolean.TRUE.equals(script.executeScript(
                "return window.closeoutLeftPage === undefined && document.readyState === 'complete'")));
    }

    /**
     * Submits the form at {@code formSelector} as a double click would, the second time while the first is being sent,
     * and waits for the answer; true when the page's script kept the second from being sent.
     */
    protected boolean submitTwice(String formSelector) {
        JavascriptExecutor script = (JavascriptExecutor) browser;
        script.executeScript("window.closeoutLeftPage = true");
        Object secondHeld = script.executeScript("var form = document.querySelector(arguments[0]);"
                + " form.requestSubmit();"
                + " var again = new Event('submit', {cancelable: true, bubbles: true});"
                + " form.dispatchEvent(again);"
                + " return again.defaultPrevented;", formSelector);
        waiting(Duration.ofSeconds(30)).until(driver -> Boolean.TRUE.equals(script.executeScript(
                "return window.closeoutLeftPage === undefined && document.readyState === 'complete'")));
        return Boolean.TRUE.equals(secondHeld);
    }

    /**
     * A wait that looks every {@value #LOOK_EVERY_MILLIS} ms: Selenium's default half second is paid by
     * nearly every wait, since a page or an answer is seldom there at the first look.
     */
    protected WebDriverWait waiting(Duration timeout) {
        return (WebDriverWait) new WebDriverWait(browser, timeout).pollingEvery(Duration.ofMillis(LOOK_EVERY_MILLIS));
    }

    protected void phoneWidth() {
        browser.manage().window().setSize(new Dimension(PHONE_WIDTH, PHONE_HEIGHT));
    }

    protected void desktopWidth() {
        browser.manage().window().setSize(new Dimension(1280, 900));
    }

    protected Object script(String script, Object... arguments) {
        return ((JavascriptExecutor) browser).executeScript(script, arguments);
    }

    /** The page's width as laid out: wider than the viewport means a reader must scroll sideways. */
    protected long viewportWidth() {
        return ((Number) script("return document.documentElement.clientWidth")).longValue();
    }

    protected boolean scrollsSideways() {
        return !Boolean.TRUE.equals(script(
                "return document.documentElement.scrollWidth <= document.documentElement.clientWidth"));
    }

    protected WebElement find(String css) {
        return browser.findElement(By.cssSelector(css));
    }

    protected List<WebElement> findAll(String css) {
        return browser.findElements(By.cssSelector(css));
    }

    /** The page as a person sees it, whole (beyond the window's height), saved as {@code target/screenshots/<name>.png}. */
    protected Path screenshot(String name) {
        return screenshot(name, Integer.MAX_VALUE);
    }

    /** The page's top {@code maxHeight} CSS pixels at most, e.g. for a picture in the README. */
    @SuppressWarnings("unchecked")
    protected Path screenshot(String name, int maxHeight) {
        Map<String, Object> size = (Map<String, Object>) ((JavascriptExecutor) browser).executeScript(
                "return {width: document.documentElement.clientWidth,"
                        + " height: Math.max(document.documentElement.scrollHeight, document.body.scrollHeight)}");
        long height = Math.min(((Number) size.get("height")).longValue(), maxHeight);
        Map<String, Object> clip = Map.of("x", 0, "y", 0, "width", size.get("width"), "height", height, "scale", 1);
        Map<String, Object> shot = ((ChromeDriver) browser).executeCdpCommand("Page.captureScreenshot",
                Map.of("format", "png", "captureBeyondViewport", true, "clip", clip));
        try {
            Files.createDirectories(SCREENSHOTS);
            Path target = SCREENSHOTS.resolve(name + ".png");
            Files.write(target, Base64.getDecoder().decode((String) shot.get("data")));
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Saves the screenshot (the page's top {@value #LOOKED_AT_HEIGHT} CSS pixels: a desk the whole suite
     * has filled runs to many thousands, and encoding all of it takes longer than the check) and checks the
     * whole page with axe-core: no serious or critical violation.
     */
    @SuppressWarnings("unchecked")
    protected void lookAt(String name) {
        screenshot(name, LOOKED_AT_HEIGHT);
        JavascriptExecutor script = (JavascriptExecutor) browser;
        List<String> blocking = (List<String>) script.executeAsyncScript(AXE_RUN);
        if (blocking == null) {
            // a document Chromium did not hand the function to: the page gets axe-core itself
            blocking = (List<String>) script.executeAsyncScript(AXE_SOURCE + ";\n" + AXE_RUN);
        }
        assertThat(blocking).as("axe-core on %s (%s):%n%s", name, browser.getCurrentUrl(), String.join("\n", blocking))
                .isEmpty();
    }

    /**
     * axe-core, defined in the page unless a check of this page already did, run as its Selenium library's
     * "legacy" mode does (the pages have no frames to combine results from), asked for violations only, and
     * answering with the serious and critical ones as lines of text: the library's own {@code analyze} sends every
     * node of every result back over the driver's wire and took a third longer for the same violations. The
     * answer is null in a document without the function that defines axe-core.
     */
    private static String axeRun() {
        return "var done = arguments[arguments.length - 1];\n"
                + "if (typeof axe === 'undefined') {\n"
                + "  if (typeof window." + AXE_DEFINER + " !== 'function') { done(null); return; }\n"
                + "  window." + AXE_DEFINER + ".call(window);\n"
                + "}\n"
                + "axe.run(document, {resultTypes: ['violations']}).then(function (results) {\n"
                + "  done(results.violations.filter(function (rule) {\n"
                + "    return " + BLOCKING.stream().map(impact -> "rule.impact === '" + impact + "'")
                .collect(Collectors.joining(" || ")) + ";\n"
                + "  }).map(function (rule) {\n"
                + "    return rule.impact + ' ' + rule.id + ': ' + rule.help + ' at '\n"
                + "        + rule.nodes.map(function (node) { return JSON.stringify(node.target); }).join(', ');\n"
                + "  }));\n"
                + "}, function (error) { done(['axe-core failed: ' + error]); });";
    }

    private static String axeSource() {
        try (InputStream source = AxeBuilder.class.getResourceAsStream("/axe.min.js")) {
            if (source == null) {
                throw new IllegalStateException("axe.min.js is missing from the axe-core Selenium library");
            }
            return new String(source.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
