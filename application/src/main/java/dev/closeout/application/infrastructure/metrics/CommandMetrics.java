package dev.closeout.application.infrastructure.metrics;

import dev.closeout.domain.common.CommandRefusedException;
import dev.closeout.domain.common.InvalidValueException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Locale;
import java.util.function.BiFunction;

/**
 * Commands by type and outcome, with the time from their handler's start to the commit of their
 * events (or the refusal), as {@code closeout_commands_seconds}: {@code outcome} {@code accepted},
 * {@code refused} (with {@code reason} {@code state}, {@code permission}, {@code invalid},
 * {@code not_found} or {@code conflict}: answered 4xx) or {@code failed} (a fault of ours, 500);
 * and the events appended by type, counted once they are committed ({@code closeout_events_appended_total}).
 * Measured on the command bus and the event store, so commands of the API, the pages, the sheet
 * import and the sweep all count.
 */
@Component
class CommandMetrics {

    private static final String NO_REASON = "none";

    private final MeterRegistry registry;

    CommandMetrics(MeterRegistry registry, CommandBus commandBus, EventStore eventStore) {
        this.registry = registry;
        commandBus.registerHandlerInterceptor(timed());
        eventStore.registerDispatchInterceptor(countedOnCommit());
    }

    private MessageHandlerInterceptor<CommandMessage<?>> timed() {
        return (unitOfWork, chain) -> {
            Timer.Sample sample = Timer.start(registry);
            String type = unitOfWork.getMessage().getPayloadType().getSimpleName();
            unitOfWork.onCleanup(done -> {
                Throwable failure = done.isRolledBack() && done.getExecutionResult() != null
                        ? done.getExecutionResult().getExceptionResult() : null;
                sample.stop(Timer.builder("closeout.commands")
                        .description("Commands handled, by type and outcome, until their events were committed")
                        .tags("type", type, "outcome", outcome(failure), "reason", reason(failure))
                        .register(registry));
            });
            return chain.proceed();
        };
    }

    private MessageDispatchInterceptor<EventMessage<?>> countedOnCommit() {
        return new MessageDispatchInterceptor<>() {
            @Override
            public BiFunction<Integer, EventMessage<?>, EventMessage<?>> handle(List<? extends EventMessage<?>> events) {
                if (CurrentUnitOfWork.isStarted()) {
                    CurrentUnitOfWork.get().afterCommit(committed -> events.forEach(CommandMetrics.this::appended));
                } else {
                    events.forEach(CommandMetrics.this::appended);
                }
                return (index, event) -> event;
            }
        };
    }

    private void appended(EventMessage<?> event) {
        Counter.builder("closeout.events.appended").description("Events appended to the event store, by type")
                .tag("type", event.getPayloadType().getSimpleName()).register(registry).increment();
    }

    static String outcome(Throwable failure) {
        if (failure == null) {
            return "accepted";
        }
        return reason(failure).equals(NO_REASON) ? "failed" : "refused";
    }

    /** Why a command was refused, as the API answers it; {@code none} when it was not refused. */
    static String reason(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof CommandRefusedException refused) {
                return refused.reason().name().toLowerCase(Locale.ROOT);
            }
            if (cause instanceof InvalidValueException) {
                return "invalid";
            }
            if (cause instanceof AggregateNotFoundException) {
                return "not_found";
            }
            if (cause instanceof ConcurrencyException) {
                return "conflict";
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return NO_REASON;
    }
}
