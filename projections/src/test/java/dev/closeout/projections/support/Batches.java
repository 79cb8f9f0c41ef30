package dev.closeout.projections.support;

import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.DefaultInterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.ResultMessage;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Hands events to a projection as a tracking processor does: one unit of work a batch, through the processor's interceptors. */
public final class Batches {

    private Batches() {
    }

    /** Delivers the batch through {@link EndOfBatch#interceptor()}, as every processor of the application does; it must succeed. */
    public static void deliver(Object projection, List<? extends EventMessage<?>> batch) {
        ResultMessage<?> result = deliver(projection, batch, List.of(EndOfBatch.interceptor()));
        assertThat(result.isExceptional()).as("%s", result.optionalExceptionResult()).isFalse();
    }

    /** Delivers the events in batches of {@code size}, one after the other. */
    public static void deliverInBatches(Object projection, List<? extends EventMessage<?>> events, int size) {
        for (int from = 0; from < events.size(); from += size) {
            deliver(projection, events.subList(from, Math.min(events.size(), from + size)));
        }
    }

    public static ResultMessage<?> deliver(Object projection, List<? extends EventMessage<?>> batch,
                                           List<MessageHandlerInterceptor<? super EventMessage<?>>> interceptors) {
        AnnotationEventHandlerAdapter handler = new AnnotationEventHandlerAdapter(projection);
        BatchingUnitOfWork<EventMessage<?>> unitOfWork = new BatchingUnitOfWork<>(new ArrayList<>(batch));
        return unitOfWork.executeWithResult(
                () -> new DefaultInterceptorChain<>(unitOfWork, interceptors, handler::handle).proceed());
    }
}
