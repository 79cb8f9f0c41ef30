package dev.closeout.application.infrastructure.mongo;

/**
 * The caller's writes could not be confirmed durable: the command that made them must not be
 * acknowledged as successful.
 */
public class DurabilityException extends RuntimeException {

    public DurabilityException(String message) {
        super(message);
    }

    public DurabilityException(String message, Throwable cause) {
        super(message, cause);
    }
}
