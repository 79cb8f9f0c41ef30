package dev.closeout.application.infrastructure.mongo;

import org.springframework.beans.factory.annotation.Qualifier;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The store of what the event processors derive from the events (decision 0020): the read models, the
 * processors' tracking tokens and the versions their read models were built under. On the embedded default
 * that is a file of its own, committed once a second and never ahead of the events' store; on MongoDB it is
 * the same database as everything else. An injection point without this qualifier gets the events' store,
 * where everything a command, an operator or a scheduled job writes belongs: only event processors (and what
 * resets them) may write here, since the last second of these writes is gone after a crash and the processors
 * write it again from their tokens. {@code ReadModelStoreWritersTest} holds the application to that.
 */
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.METHOD, ElementType.TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Qualifier
@Documented
public @interface ReadModelStore {
}
