package dev.closeout.application.infrastructure.axon;

import org.axonframework.eventhandling.GenericEventMessage;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;

import java.time.Clock;

/**
 * Events are stamped by the application's clock, the one the aggregates' deadline facts and the
 * colours are judged by: "closed on time" compares the day of a closing event with its due date, and
 * the due-date index files an item under its event's day, so both must come from one clock. Axon
 * keeps that clock in a static field (its default is the system clock); when the application stops,
 * the clock it held before is put back, unless another application in the same JVM has set its own
 * since.
 */
final class EventTimestamps implements InitializingBean, DisposableBean {

    private final Clock clock;
    private Clock previous;

    EventTimestamps(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void afterPropertiesSet() {
        previous = GenericEventMessage.clock;
        GenericEventMessage.clock = clock;
    }

    @Override
    public void destroy() {
        if (GenericEventMessage.clock == clock) {
            GenericEventMessage.clock = previous;
        }
    }
}
