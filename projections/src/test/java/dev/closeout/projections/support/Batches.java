package dev.closeout.projections.support;

import dev.closeout.domain.common.Actor;
import dev.closeout.domain.task.TaskEvent.TaskClaimed;
import dev.closeout.domain.task.TaskEvent.TaskClosed;
import dev.closeout.domain.task.TaskEvent.TaskClosureRequested;
import dev.closeout.domain.task.TaskEvent.TaskExtensionApproved;
import dev.closeout.domain.task.TaskEvent.TaskExtensionRequested;
import dev.closeout.domain.task.TaskEvent.TaskProgressReported;
import dev.closeout.domain.task.TaskEvent.TaskRegistered;
import dev.closeout.domain.task.TaskId;
import dev.closeout.domain.task.TaskSource;
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
import java.time.LocalDate;
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

    /**
     * 24 tasks over two ledgers and four departments, registered two an hour over three days; each claimed, most
     * reporting progress twice (once on the day it was registered, once later), some asking for an extension that
     * is approved, a third asking for closure and half of those closed; interleaved as offices work.
     */
    public static List<EventMessage<?>> twentyFourTasks() {
        List<StoryStep> steps = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            String id = "task-" + i;
            String department = List.of("DEPT-A", "DEPT-B", "DEPT-C", "DEPT-D").get(i % 4);
            Actor actor = Actor.department("user-" + department, department);
            TaskId task = new TaskId(id);
            steps.add(new StoryStep(id, 2L * i, new TaskRegistered(task, i % 2 == 0 ? "督查台账" : "民生台账", "任务 " + i,
                    null, department, List.of(), null, TaskSource.SELF_IDENTIFIED, LocalDate.of(2025, 6, 10 + i % 5),
                    Actor.supervisor("supervisor"), null)));
            steps.add(new StoryStep(id, 2L * i + 1, new TaskClaimed(task, actor)));
            steps.add(new StoryStep(id, 2L * i + 3, new TaskProgressReported(task, "推进中", 30, actor)));
            steps.add(new StoryStep(id, 2L * i + 30, new TaskProgressReported(task, "过半", 60, actor)));
            if (i % 5 == 0) {
                steps.add(new StoryStep(id, 2L * i + 31, new TaskExtensionRequested(task, LocalDate.of(2025, 7, 1),
                        "雨季", actor)));
                steps.add(new StoryStep(id, 2L * i + 40, new TaskExtensionApproved(task, LocalDate.of(2025, 6, 10),
                        LocalDate.of(2025, 7, 1), Actor.supervisor("supervisor"))));
            }
            if (i % 3 == 0) {
                steps.add(new StoryStep(id, 2L * i + 50, new TaskClosureRequested(task, "已完成", List.of(), actor)));
                if (i % 2 == 0) {
                    steps.add(new StoryStep(id, 2L * i + 51, new TaskClosed(task, Actor.supervisor("supervisor"))));
                }
            }
        }
        return Batches.story(Instant.parse("2025-05-19T02:00:00Z"), 1_800, steps);
    }
}
