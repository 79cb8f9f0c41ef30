package dev.closeout.application.web;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.function.ToLongFunction;

/**
 * Lets a client read its own write: after a command is stored, wait (briefly, bounded by
 * {@code closeout.api.read-your-writes-timeout}) until the read model has folded in the
 * command's last event. The read model may be updated by another instance, so this polls the
 * stored version rather than listening in memory.
 */
@Component
public class ReadYourWrites {

    private final Duration timeout;

    public ReadYourWrites(@Value("${closeout.api.read-your-writes-timeout:PT5S}") Duration timeout) {
        this.timeout = timeout;
    }

    /** True once {@code version.applyAsLong(id) >= wanted}; false if that did not happen in time. */
    public boolean await(String id, long wanted, ToLongFunction<String> version) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pause = 1;
        while (version.applyAsLong(id) < wanted) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            pause = Math.min(pause * 2, 8);
        }
        return true;
    }
}
