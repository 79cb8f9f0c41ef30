package dev.closeout.application.infrastructure.mongo;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs its tasks one at a time, in the order they were given, on threads of a shared executor:
 * one connection's requests, handled in order as a socket's would be, without a thread of its own
 * and without waiting behind other connections' requests. Each task happens-before the next.
 */
final class SerialExecutor implements Executor {

    private static final Logger log = LoggerFactory.getLogger(SerialExecutor.class);

    private final Executor threads;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();

    SerialExecutor(Executor threads) {
        this.threads = threads;
    }

    /** @throws RejectedExecutionException if the shared executor no longer runs tasks; the task is dropped */
    @Override
    public void execute(Runnable task) {
        tasks.add(task);
        try {
            schedule();
        } catch (RejectedExecutionException e) {
            tasks.remove(task);
            throw e;
        }
    }

    private void schedule() {
        if (scheduled.compareAndSet(false, true)) {
            try {
                threads.execute(this::runQueued);
            } catch (RejectedExecutionException e) {
                scheduled.set(false);
                throw e;
            }
        }
    }

    private void runQueued() {
        try {
            for (Runnable task = tasks.poll(); task != null; task = tasks.poll()) {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    log.warn("A task of an in-process connection failed", e);
                }
            }
        } finally {
            scheduled.set(false);
            // a task queued after the last poll, while this run still counted as scheduled
            if (!tasks.isEmpty()) {
                try {
                    schedule();
                } catch (RejectedExecutionException stopped) {
                    tasks.clear();
                }
            }
        }
    }
}
