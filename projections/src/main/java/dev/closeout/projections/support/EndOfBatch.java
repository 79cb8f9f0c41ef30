package dev.closeout.projections.support;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Writes a read model gathers while its processor handles a batch of events, and writes together once the
 * batch's last event has been handled (decision 0018): one bulk write of each kind for the batch instead of
 * a round trip for each document of each event, which is what bounds how fast a processor catches up and
 * rebuilds.
 * <p>
 * The batch is written by {@link #interceptor()}, right after the last event's handlers ran and still inside
 * the batch's unit of work: before the processor stores its token, which it does when that unit of work
 * commits. A failure or a crash before then leaves the token where it was, and the whole batch is delivered
 * again, so what a batch writes must be safe to write twice (keyed upserts, {@code $max}, ids recorded before
 * the writes that use them).
 * <p>
 * Where no batch is being gathered (a test calling a handler directly, an operator's retry of a parked event
 * when the dead-letter processing runs without the interceptor) the writes of each call are written at once. A
 * processor whose handlers gather must carry the interceptor: a handler that gathers in a processor's batch
 * without it fails rather than have its writes dropped.
 */
public final class EndOfBatch {

    private static final String BATCH = EndOfBatch.class.getName() + ".batch";

    private EndOfBatch() {
    }

    /**
     * The interceptor that writes what was gathered: after each event when the unit of work holds one event,
     * after the last one when it holds a batch.
     */
    public static MessageHandlerInterceptor<EventMessage<?>> interceptor() {
        return (unitOfWork, chain) -> {
            Batch batch = (Batch) unitOfWork.resources().computeIfAbsent(BATCH, key -> new Batch());
            Object result = chain.proceed();
            if (!(unitOfWork instanceof BatchingUnitOfWork<?> batching) || batching.isLastMessage()) {
                batch.gathered.values().forEach(Gathered::write);
                batch.gathered.clear();
                batch.written = true;
                batch.afterWritten.forEach(Runnable::run);
                batch.afterWritten.clear();
            }
            return result;
        };
    }

    /**
     * Runs {@code signal} once what the current batch gathered is written (at once where nothing is being
     * gathered, or the batch is written already): e.g. to tell a request waiting to read its own write.
     */
    public static void afterWritten(Runnable signal) {
        Batch batch = CurrentUnitOfWork.isStarted() ? batch(CurrentUnitOfWork.get()) : null;
        if (batch == null || batch.written) {
            signal.run();
        } else {
            batch.afterWritten.add(signal);
        }
    }

    /**
     * Whether the events being handled are replayed (a rebuild: the processor was reset and handles again what it
     * handled before). At the end of a batch this asks of its last event, so a batch that reaches past the point
     * where the processor was reset is not a replay; where no unit of work runs, false.
     */
    public static boolean replaying() {
        return CurrentUnitOfWork.isStarted() && ReplayToken.isReplay(CurrentUnitOfWork.get().getMessage());
    }

    /**
     * Adds {@code item} to what {@code owner} gathers in the current batch; {@code write} is given the batch's
     * items, in the order they were added, once at its end (where no batch is gathered, at once, alone).
     */
    public static <T> void gather(Object owner, T item, Consumer<List<T>> write) {
        Batch batch = CurrentUnitOfWork.isStarted() ? batch(CurrentUnitOfWork.get()) : null;
        if (batch == null) {
            if (CurrentUnitOfWork.isStarted() && CurrentUnitOfWork.get() instanceof BatchingUnitOfWork<?>) {
                throw new IllegalStateException(owner.getClass().getSimpleName() + " gathers its writes, but its "
                        + "processor lacks EndOfBatch.interceptor(): they would never be written");
            }
            write.accept(List.of(item));
            return;
        }
        @SuppressWarnings("unchecked")
        Gathered<T> gathered = (Gathered<T>) batch.gathered.computeIfAbsent(owner, key -> new Gathered<>(write));
        gathered.items.add(item);
    }

    private static Batch batch(UnitOfWork<?> unitOfWork) {
        return (Batch) unitOfWork.resources().get(BATCH);
    }

    /** What one owner gathered, and how it is written. */
    private record Gathered<T>(List<T> items, Consumer<List<T>> writer) {

        Gathered(Consumer<List<T>> writer) {
            this(new ArrayList<>(), writer);
        }

        void write() {
            writer.accept(items);
        }
    }

    /** What a unit of work gathered, owner by owner in the order they first gathered, and the signals waiting for it to be written. */
    private static final class Batch {

        final Map<Object, Gathered<?>> gathered = new LinkedHashMap<>();
        final List<Runnable> afterWritten = new ArrayList<>();
        boolean written;
    }
}
