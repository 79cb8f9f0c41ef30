package dev.closeout.application.infrastructure.mongo;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A writer the kill tests run in a JVM of its own, on this test run's class path, its output and errors merged. */
final class WriterJvm {

    private WriterJvm() {
    }

    /** Starts {@code main} with {@code args}; its logging is quiet (no configuration found in {@code dataDir}). */
    static Process start(Class<?> main, Path dataDir, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dlogback.configurationFile=" + dataDir.resolve("no-such-logback.xml"),
                "-cp", System.getProperty("java.class.path"),
                main.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.PIPE).start();
    }
}
