package dev.closeout.projections.support;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Runs a step for items {@code 0..perThread-1} on each of several threads at once, like parallel segments. */
public final class Concurrently {

    @FunctionalInterface
    public interface Step {
        void run(int thread, int item);
    }

    private Concurrently() {
    }

    /** Returns when every thread has finished; the first failure of any thread is thrown. */
    public static void run(int threads, int perThread, Step step) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        step.run(thread, i);
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
