package dev.closeout.application.board;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.HasAuthentication;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.UsernameAndPassword;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * Headless Chromium for the browser tests: Debian's {@code chromium} and {@code chromedriver}, a fresh
 * profile each time, no network traffic of the browser's own, at a phone's width (390 px).
 */
public final class Chromium implements AutoCloseable {

    public static final int PHONE_WIDTH = 390;
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private final Path profile;
    private final ChromeDriver driver;

    public Chromium(int width, int height) {
        for (String program : new String[] {"/usr/bin/chromium", "/usr/bin/chromedriver"}) {
            if (!Files.isExecutable(Path.of(program))) {
                throw new IllegalStateException("The browser tests need Debian's chromium and chromium-driver: "
                        + program + " is missing (apt-get install chromium chromium-driver)");
            }
        }
        try {
            profile = Files.createTempDirectory("closeout-chromium");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions().setBinary("/usr/bin/chromium").addArguments("--headless=new",
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile, "--window-size=" + width + "," + height, "--lang=zh-CN");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver")).build();
        driver = new ChromeDriver(service, options);
        driver.manage().window().setSize(new Dimension(width, height));
    }

    public WebDriver driver() {
        return driver;
    }

    /** Answers the browser's HTTP Basic prompt as this user, the way a reader would type it in. */
    public Chromium signedInAs(String user) {
        ((HasAuthentication) driver).register(UsernameAndPassword.of(user, user));
        return this;
    }

    public Object script(String script, Object... arguments) {
        return ((JavascriptExecutor) driver).executeScript(script, arguments);
    }

    /** The page's width as laid out: wider than the viewport means a reader must scroll sideways. */
    public long viewportWidth() {
        return ((Number) script("return document.documentElement.clientWidth")).longValue();
    }

    /**
     * Saves what the reader sees first as {@code target/screenshots/<name>.png} and the whole page as
     * {@code <name>-full.png}.
     */
    public void screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            save(name);
            long height = ((Number) script("return document.documentElement.scrollHeight")).longValue();
            Dimension size = driver.manage().window().getSize();
            driver.manage().window().setSize(new Dimension(size.getWidth(), (int) Math.max(size.getHeight(), height)));
            save(name + "-full");
            driver.manage().window().setSize(size);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void save(String name) throws IOException {
        File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    /** The axe-core rules the page breaks with a serious or critical impact, each with the nodes that break it. */
    public List<String> seriousAccessibilityViolations() {
        Results results = new AxeBuilder().analyze(driver);
        if (results.getPasses().isEmpty()) {
            throw new IllegalStateException("axe-core checked nothing on " + driver.getCurrentUrl());
        }
        return results.getViolations().stream()
                .filter(rule -> "serious".equals(rule.getImpact()) || "critical".equals(rule.getImpact()))
                .map(Chromium::describe).toList();
    }

    private static String describe(Rule rule) {
        return rule.getId() + " (" + rule.getImpact() + "): " + rule.getHelp() + " at "
                + rule.getNodes().stream().map(node -> String.valueOf(node.getTarget())).toList();
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // a profile left in the temp directory harms nothing
            }
        }
    }
}
