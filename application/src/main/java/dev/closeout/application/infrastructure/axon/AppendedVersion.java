package dev.closeout.application.infrastructure.axon;

import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.OptionalLong;
import java.util.function.BiFunction;

/**
 * Answers a command that returns nothing with the sequence number of the last event it
 * appended, so the API can wait for exactly that version in the read model without asking the
 * event store. The event bus intercepts a unit of work's events only when it commits, after
 * the handler has returned, so the answer is a holder that the commit fills in; the command
 * bus is local, so the caller receives this very holder.
 */
@Component
public class AppendedVersion {

    private static final String RESOURCE = AppendedVersion.class.getName();

    /** The highest sequence number appended by one command, known once the command committed. */
    public static final class Holder {
        private long sequence = -1;

        public OptionalLong sequence() {
            return sequence < 0 ? OptionalLong.empty() : OptionalLong.of(sequence);
        }
    }

    /** The sequence number a command's answer carries, if it appended anything. */
    public static OptionalLong sequenceOf(Object commandResult) {
        return commandResult instanceof Holder holder ? holder.sequence() : OptionalLong.empty();
    }

    public AppendedVersion(CommandBus commandBus, EventStore eventStore) {
        eventStore.registerDispatchInterceptor(new Recorder());
        commandBus.registerHandlerInterceptor(new Answer());
    }

    private static final class Answer implements MessageHandlerInterceptor<CommandMessage<?>> {
        @Override
        public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain chain)
                throws Exception {
            Holder holder = unitOfWork.root().getOrComputeResource(RESOURCE, key -> new Holder());
            Object result = chain.proceed();
            return result == null ? holder : result;
        }
    }

    private static final class Recorder implements MessageDispatchInterceptor<EventMessage<?>> {
        @Override
        public BiFunction<Integer, EventMessage<?>, EventMessage<?>> handle(List<? extends EventMessage<?>> messages) {
            return (index, message) -> {
                if (message instanceof DomainEventMessage<?> domain && CurrentUnitOfWork.isStarted()) {
                    Holder holder = CurrentUnitOfWork.get().root().getResource(RESOURCE);
                    if (holder != null) {
                        holder.sequence = Math.max(holder.sequence, domain.getSequenceNumber());
                    }
                }
                return message;
            };
        }
    }
}
