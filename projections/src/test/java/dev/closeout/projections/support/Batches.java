package dev.closeout.projections.support;

import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.GenericTrackedDomainEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.messaging.DefaultInterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.ResultMessage;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

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

    /** An event of a task's life at a point of a story: {@code tick} orders the story and times the event. */
    public record StoryStep(String taskId, long tick, Object event) {
    }

    /**
     * The steps as a tracking processor would deliver them: in the order of their ticks, each task's events numbered
     * from 0, each event at {@code start} plus {@code secondsPerTick} a tick, tracked by its place in the story.
     */
    public static List<EventMessage<?>> story(Instant start, long secondsPerTick, List<StoryStep> steps) {
        List<StoryStep> ordered = new ArrayList<>(steps);
        ordered.sort(Comparator.comparingLong(StoryStep::tick));
        Map<String, Long> sequence = new HashMap<>();
        List<EventMessage<?>> events = new ArrayList<>();
        for (StoryStep step : ordered) {
            long seq = sequence.merge(step.taskId(), 1L, Long::sum) - 1;
            events.add(new GenericTrackedDomainEventMessage<>(new GlobalSequenceTrackingToken(events.size() + 1),
                    new GenericDomainEventMessage<>("Task", step.taskId(), seq, step.event(), Map.of(),
                            UUID.randomUUID().toString(), start.plusSeconds(secondsPerTick * step.tick()))));
        }
        return events;
    }

    public static ResultMessage<?> deliver(Object projection, List<? extends EventMessage<?>> batch,
                                           List<MessageHandlerInterceptor<? super EventMessage<?>>> interceptors) {
        AnnotationEventHandlerAdapter handler = new AnnotationEventHandlerAdapter(projection);
        BatchingUnitOfWork<EventMessage<?>> unitOfWork = new BatchingUnitOfWork<>(new ArrayList<>(batch));
        return unitOfWork.executeWithResult(
                () -> new DefaultInterceptorChain<>(unitOfWork, interceptors, handler::handle).proceed());
    }
}
