package dev.closeout.application;

import dev.closeout.application.support.ApiClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The packaged application ({@code closeout.jar}) in a JVM of its own, on its embedded default,
 * with its output in a file. Failsafe tests use it to see what offices run: test libraries on the
 * classpath can change how the application wires itself. The jar runs as Spring Boot's extracted
 * layout ({@code java -Djarmode=tools -jar closeout.jar extract}, the way operations.md recommends
 * for a server): the same classes, started in about two thirds of the time a nested jar takes.
 */
final class ForkedApplication {

    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(30);
    /** Spring Boot's line once its web server listens, with the port it was given. */
    private static final Pattern STARTED_ON_PORT = Pattern.compile("started on port (\\d+)");

    private final String name;
    private final Process process;
    private final Path log;
    /** The HTTP port, 0 until the application has said which it listens on. */
    private volatile int port;

    private ForkedApplication(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /**
     * Starts the application on {@code dataDir} and a port it takes itself: a port found free here and handed
     * to it could be taken by another process before it binds it.
     */
    static ForkedApplication launch(Path root, Path dataDir, String name) throws Exception {
        Path log = root.resolve(name + ".log");
        ProcessBuilder builder = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // the JIT's first tier only: these JVMs live for seconds, spent mostly starting up
                "-XX:TieredStopAtLevel=1",
                "-jar", packagedJar(),
                "--server.port=0")
                // away from the worktree, so no ./config/application.yml or ./data is picked up
                .directory(root.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> environment = builder.environment();
        // SPRING_DATA_MONGODB_URI, SPRING_APPLICATION_JSON or SPRING_PROFILES_ACTIVE would take
        // the application off its embedded default
        environment.keySet().removeIf(variable -> variable.toUpperCase(Locale.ROOT).startsWith("SPRING")
                || variable.toUpperCase(Locale.ROOT).startsWith("CLOSEOUT_")
                || variable.equalsIgnoreCase("SERVER_PORT"));
        environment.put("CLOSEOUT_DATA_DIR", dataDir.toString());
        return new ForkedApplication(name, builder.start(), log);
    }

    /** What a command of the packaged jar ({@code backup}, {@code restore}) printed, and its exit status. */
    record Command(int status, String output) {
    }

    /** Runs {@code java -jar closeout.jar <args>} on {@code dataDir}, as an operator would, and waits for it. */
    static Command command(Path root, Path dataDir, String... args) throws Exception {
        List<String> line = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-jar", packagedJar()));
        line.addAll(List.of(args));
        Path output = Files.createTempFile(root, "command", ".log");
        ProcessBuilder builder = new ProcessBuilder(line)
                .directory(root.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        builder.environment().keySet().removeIf(variable -> variable.toUpperCase(Locale.ROOT).startsWith("SPRING")
                || variable.toUpperCase(Locale.ROOT).startsWith("CLOSEOUT_"));
        builder.environment().put("CLOSEOUT_DATA_DIR", dataDir.toString());
        Process process = builder.start();
        if (!process.waitFor(STARTUP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            fail("java -jar closeout.jar " + String.join(" ", args) + " did not end within "
                    + STARTUP_TIMEOUT.toSeconds() + " s: " + Files.readString(output, StandardCharsets.UTF_8));
        }
        return new Command(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
    }

    private static Path extracted;

    /** The packaged jar, extracted once per test JVM beside it in {@code target/}. */
    private static synchronized String packagedJar() throws Exception {
        if (extracted == null) {
            String jar = System.getProperty("closeout.jar");
            if (jar == null || !Files.isRegularFile(Path.of(jar))) {
                fail("The packaged application is missing (" + jar + "); run this test with ./mvnw verify");
            }
            Path destination = Path.of(jar).resolveSibling("closeout-extracted");
            Process extract = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-XX:TieredStopAtLevel=1", "-Djarmode=tools", "-jar", jar, "extract", "--force",
                    "--destination", destination.toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!extract.waitFor(STARTUP_TIMEOUT.toSeconds(), TimeUnit.SECONDS) || extract.exitValue() != 0) {
                extract.destroyForcibly();
                fail("java -Djarmode=tools -jar " + jar + " extract failed");
            }
            extracted = destination.resolve(Path.of(jar).getFileName());
        }
        return extracted.toString();
    }

    /** The HTTP port, once {@link #awaitAnswer()} has returned. */
    int port() {
        if (port == 0) {
            throw new IllegalStateException("The " + name + " application has not said which port it listens on yet");
        }
        return port;
    }

    /** The port the application's output says it listens on, 0 while it has not said. */
    private int reportedPort() {
        try {
            // not Files.readString: it throws on bytes that are not UTF-8
            Matcher started = STARTED_ON_PORT.matcher(new String(Files.readAllBytes(log), StandardCharsets.UTF_8));
            return started.find() ? Integer.parseInt(started.group(1)) : 0;
        } catch (IOException notWrittenYet) {
            return 0;
        }
    }

    long pid() {
        return process.pid();
    }

    /** A signed-in read: it needs the web server, security and the store to be up. */
    void awaitAnswer() throws InterruptedException {
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        ApiClient auditor = null;
        while (true) {
            if (!process.isAlive()) {
                fail("The " + name + " application exited with " + process.exitValue() + " before it answered");
            }
            if (auditor == null) {
                port = reportedPort();
                auditor = port == 0 ? null : new ApiClient(port, "auditor", "auditor");
            }
            try {
                if (auditor != null && auditor.get("/api/ledgers").status() == 200) {
                    return;
                }
            } catch (UncheckedIOException notListeningYet) {
                // keep polling until the deadline
            }
            if (System.nanoTime() > deadline) {
                fail("The " + name + " application did not answer within " + STARTUP_TIMEOUT.toSeconds() + " s");
            }
            Thread.sleep(250);
        }
    }

    /** SIGKILL on Linux: the JVM gets no chance to run shutdown hooks or commit. */
    void kill() {
        process.destroyForcibly();
    }

    int awaitExit() throws InterruptedException {
        assertThat(process.waitFor(EXIT_TIMEOUT.toSeconds(), TimeUnit.SECONDS))
                .as("the %s application exited", name).isTrue();
        return process.exitValue();
    }

    /** A graceful stop (SIGTERM), forced if it hangs, so no JVM outlives the test. */
    void stop() {
        process.destroy();
        try {
            if (!process.waitFor(EXIT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    void printLog() {
        try {
            System.out.println("----- output of the " + name + " application -----");
            // not Files.readString: it throws on bytes that are not UTF-8, and this is a failure report
            System.out.println(new String(Files.readAllBytes(log), StandardCharsets.UTF_8));
        } catch (IOException e) {
            System.out.println("Cannot read " + log + ": " + e);
        }
    }
}
