package dev.closeout.application.support;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Writes every thread's stack to {@code target/slow-exit-<pid>.txt} when the test JVM is still
 * alive {@value #GRACE_SECONDS} seconds after it began to exit. Surefire kills a fork that has not
 * exited 30 seconds after {@code System.exit}; the file names the shutdown hook or thread that held
 * it, so that a hanging fork is fixed rather than waited for.
 */
public final class SlowExitWatch {

    private static final int GRACE_SECONDS = 15;
    private static boolean installed;

    private SlowExitWatch() {
    }

    public static synchronized void install() {
        if (installed) {
            return;
        }
        installed = true;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            Thread watch = new Thread(SlowExitWatch::dumpIfStillAlive, "slow-exit-watch");
            watch.setDaemon(true);
            watch.start();
        }, "slow-exit-watch-start"));
    }

    private static void dumpIfStillAlive() {
        try {
            Thread.sleep(GRACE_SECONDS * 1000L);
            String threads = Arrays.stream(ManagementFactory.getThreadMXBean().dumpAllThreads(true, true))
                    .map(SlowExitWatch::describe).collect(Collectors.joining("\n"));
            Path file = Path.of("target", "slow-exit-" + ProcessHandle.current().pid() + ".txt");
            Files.writeString(file, "Still exiting " + GRACE_SECONDS + " s after exit began:\n\n" + threads);
        } catch (InterruptedException | IOException e) {
            // the JVM ended, or the file cannot be written: nothing to report
        }
    }

    /** A thread's full stack ({@link ThreadInfo#toString()} stops at eight frames). */
    private static String describe(ThreadInfo thread) {
        StringBuilder text = new StringBuilder("\"" + thread.getThreadName() + "\" " + thread.getThreadState());
        if (thread.getLockName() != null) {
            text.append(" on ").append(thread.getLockName());
        }
        text.append('\n');
        for (StackTraceElement frame : thread.getStackTrace()) {
            text.append("    at ").append(frame).append('\n');
        }
        return text.toString();
    }
}
