package dev.closeout.projections.alert;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import dev.closeout.domain.common.Actor;
import dev.closeout.domain.task.TaskEvent.TaskFellDueSoon;
import dev.closeout.domain.task.TaskEvent.TaskWentOverdue;
import dev.closeout.domain.task.TaskId;
import dev.closeout.projections.support.EmbeddedMongo;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.time.LocalDate;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances may project the same alerts for a moment, while the processor's claim moves from one still finishing
 * its batch: the one that loses the insert finds the alert stored, or the next position free, and parks nothing
 * (a duplicate key was a dead letter that held the item's later alerts back until an operator retried it).
 */
class AlertProjectionTwoInstancesTest {

    private static final TaskId TASK = new TaskId("t-1");
    private static final Instant AT = Instant.parse("2026-03-12T16:00:00Z");

    private final EmbeddedMongo mongo = new EmbeddedMongo();
    private final MongoDatabase database = mongo.database("alerts");

    @AfterEach
    void stop() {
        mongo.close();
    }

    private static EventMessage<TaskWentOverdue> overdue() {
        return GenericEventMessage.asEventMessage(new TaskWentOverdue(TASK, LocalDate.of(2026, 3, 11), Actor.SYSTEM));
    }

    @Test
    void an_alert_the_other_instance_stored_first_is_kept_once() {
        AlertProjection other = new AlertProjection(database);
        EventMessage<TaskWentOverdue> event = overdue();
        AlertProjection mine = new AlertProjection(storingFirst(database, () -> other.on(event.getPayload(), event, AT)));

        mine.on(event.getPayload(), event, AT);

        assertThat(database.getCollection(AlertProjection.COLLECTION).countDocuments()).isEqualTo(1);
        assertThat(new AlertFeed(database).head()).isEqualTo(1);
    }

    @Test
    void a_position_the_other_instance_took_first_moves_this_alert_to_the_next() {
        AlertProjection other = new AlertProjection(database);
        EventMessage<TaskFellDueSoon> dueSoon = GenericEventMessage.asEventMessage(
                new TaskFellDueSoon(TASK, LocalDate.of(2026, 3, 11), 1, Actor.SYSTEM));
        EventMessage<TaskWentOverdue> event = overdue();
        AlertProjection mine = new AlertProjection(storingFirst(database,
                () -> other.on(dueSoon.getPayload(), dueSoon, AT)));

        mine.on(event.getPayload(), event, AT);

        assertThat(database.getCollection(AlertProjection.COLLECTION).find().map(d -> d.get("_id") + " "
                + d.getString("alertId")).into(new java.util.ArrayList<>()))
                .containsExactlyInAnyOrder("1 " + dueSoon.getIdentifier(), "2 " + event.getIdentifier());
        assertThat(new AlertFeed(database).head()).isEqualTo(2);
    }

    /** The database as this instance sees it: the other instance acts once, just before this one's first insert. */
    private static MongoDatabase storingFirst(MongoDatabase database, Runnable otherInstance) {
        AtomicBoolean acted = new AtomicBoolean();
        return intercepting(MongoDatabase.class, database, (method, arguments) -> {
            if (method.getName().equals("getCollection") && AlertProjection.COLLECTION.equals(arguments[0])) {
                @SuppressWarnings("unchecked")
                MongoCollection<Document> alerts = (MongoCollection<Document>) invoke(method, database, arguments);
                return intercepting(MongoCollection.class, alerts, (inner, innerArguments) -> {
                    if (inner.getName().equals("insertOne") && acted.compareAndSet(false, true)) {
                        otherInstance.run();
                    }
                    return invoke(inner, alerts, innerArguments);
                });
            }
            return invoke(method, database, arguments);
        });
    }

    private interface Call {
        Object on(Method method, Object[] arguments);
    }

    @SuppressWarnings("unchecked")
    private static <T> T intercepting(Class<?> type, Object target, Call call) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[]{type},
                (proxy, method, arguments) -> call.on(method, arguments));
    }

    private static Object invoke(Method method, Object target, Object[] arguments) {
        try {
            return method.invoke(target, arguments);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }
}
