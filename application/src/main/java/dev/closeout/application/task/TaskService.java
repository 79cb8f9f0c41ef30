package dev.closeout.application.task;

import dev.closeout.application.infrastructure.axon.CommandSender;
import dev.closeout.application.deadline.Colours;
import dev.closeout.application.infrastructure.axon.ItemEvents;
import dev.closeout.application.web.HistoryEntries;
import dev.closeout.application.web.IdempotencyKey;
import dev.closeout.application.infrastructure.readmodel.ReadYourWrites;
import dev.closeout.domain.common.InvalidValueException;
import dev.closeout.domain.task.Milestone;
import dev.closeout.domain.task.Task;
import dev.closeout.domain.task.TaskCommand;
import dev.closeout.domain.task.TaskEvent.TaskRegistered;
import dev.closeout.domain.task.TaskId;
import dev.closeout.domain.time.Assessment;
import dev.closeout.projections.support.OfficeZone;
import dev.closeout.projections.task.TaskView;
import dev.closeout.projections.task.TaskViews;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/** Sends task commands and reads tasks: views from the projection, history from the event store. */
@Service
public class TaskService {

    private final CommandSender commands;
    private final EventStore eventStore;
    private final TaskViews views;
    private final ReadYourWrites readYourWrites;
    private final OfficeZone zone;
    private final Clock clock;
    private final HistoryEntries history;
    private final Colours colours;

    public TaskService(CommandSender commands, EventStore eventStore, TaskViews views, ReadYourWrites readYourWrites,
                       OfficeZone zone, Clock clock, HistoryEntries history, Colours colours) {
        this.commands = commands;
        this.eventStore = eventStore;
        this.views = views;
        this.readYourWrites = readYourWrites;
        this.zone = zone;
        this.clock = clock;
        this.history = history;
        this.colours = colours;
    }

    /**
     * Registers the task. A {@code retry} (an idempotent request) whose task already exists is
     * answered as the first attempt was, provided the stored registration is the same request;
     * {@code dueFromToday} leaves the due date out of that comparison, since a due date counted in
     * working days from today moves when the retry comes a day later.
     */
    public void register(TaskCommand.RegisterTask command, boolean retry, boolean dueFromToday) {
        try {
            commands.create(command);
        } catch (RuntimeException e) {
            if (!retry || !alreadyExists(e)) {
                throw e;
            }
            TaskRegistered stored = registration(command.taskId()).orElseThrow(() -> e);
            if (!sameRequest(stored, command, dueFromToday)) {
                throw new InvalidValueException(IdempotencyKey.HEADER,
                        "was already used for another registration (task " + command.taskId().value() + ")");
            }
        }
        readYourWrites.await(command.taskId().value(), 0, views::version);
    }

    /**
     * Registers those of the tasks not stored under their ids yet, for registrations whose id is
     * derived from what they register (an imported sheet's rows), so that the same registrations sent
     * again register nothing. Answers, command by command, whether it registered its task.
     * <p>
     * The commands are handled one after another in one unit of work: each by its {@code Task}
     * aggregate, as any registration is, and the events of all appended together when the unit of
     * work commits (one insert and one durable write for the lot, rather than one each). So it is all
     * or none: a command refused, or an id taken meanwhile, appends nothing; the latter (two imports
     * of one sheet at once) is then registered one by one. Waits for the events to be stored, not for
     * the task view: see {@link #awaitViews}.
     */
    public List<Boolean> registerAllIfAbsent(List<TaskCommand.RegisterTask> registrations) {
        List<Boolean> registered = new ArrayList<>();
        List<TaskCommand.RegisterTask> absent = new ArrayList<>();
        for (TaskCommand.RegisterTask command : registrations) {
            // a read of the event store costs far less than an append refused as a duplicate
            boolean stored = eventStore.lastSequenceNumberFor(command.taskId().value()).isPresent();
            registered.add(!stored);
            if (!stored) {
                absent.add(command);
            }
        }
        if (absent.isEmpty()) {
            return registered;
        }
        try {
            DefaultUnitOfWork.startAndGet(null).execute(() -> absent.forEach(commands::create));
        } catch (RuntimeException e) {
            if (!alreadyExists(e)) {
                throw e;
            }
            for (TaskCommand.RegisterTask command : absent) {
                registered.set(registrations.indexOf(command), registerIfAbsent(command));
            }
        }
        return registered;
    }

    private boolean registerIfAbsent(TaskCommand.RegisterTask command) {
        try {
            commands.create(command);
            return true;
        } catch (RuntimeException e) {
            if (alreadyExists(e)) {
                return false;
            }
            throw e;
        }
    }

    /**
     * Waits until the task view holds each of these newly registered tasks, so that a client reads
     * what it registered, for about {@code budget} in all; false, and waits no longer, once the
     * budget is spent or one task has not appeared within a command's usual wait. Registered together,
     * the tasks are taken in by the view in the order they were appended: the last one is waited for, then
     * all are read at once, and any still missing waited for one by one.
     */
    public boolean awaitViews(List<TaskId> registered, Duration budget) {
        if (registered.isEmpty()) {
            return true;
        }
        long deadline = System.nanoTime() + budget.toNanos();
        if (!readYourWrites.await(registered.get(registered.size() - 1).value(), 0, views::version)) {
            return false;
        }
        Set<String> ids = new LinkedHashSet<>();
        registered.forEach(id -> ids.add(id.value()));
        ids.removeAll(views.stored(ids));
        for (String id : ids) {
            if (System.nanoTime() - deadline > 0 || !readYourWrites.await(id, 0, views::version)) {
                return false;
            }
        }
        return true;
    }

    private static boolean alreadyExists(Throwable e) {
        return CommandSender.createdAlready(e);
    }

    private Optional<TaskRegistered> registration(TaskId id) {
        DomainEventStream stream = eventStore.readEvents(id.value(), 0);
        return stream.hasNext() && stream.next().getPayload() instanceof TaskRegistered registered
                ? Optional.of(registered) : Optional.empty();
    }

    private static boolean sameRequest(TaskRegistered stored, TaskCommand.RegisterTask command, boolean dueFromToday) {
        return stored.ledger().equals(command.ledger()) && stored.title().equals(command.title())
                && Objects.equals(stored.description(), command.description())
                && stored.leadDepartment().equals(command.leadDepartment())
                && stored.supportingDepartments().equals(command.supportingDepartments())
                && Objects.equals(stored.responsibleLeader(), command.responsibleLeader())
                && stored.source() == command.source()
                && (dueFromToday || stored.dueDate().equals(command.dueDate()))
                && Objects.equals(stored.category(), command.category())
                && stored.milestones().stream().map(m -> new Milestone.Plan(m.title(), m.dueDate())).toList()
                        .equals(command.milestones())
                && Objects.equals(stored.referral(), command.referral())
                && stored.actor().equals(command.actor());
    }

    /** Sends the command; the task as it now stands, or empty if the view has not caught up in time. */
    public Optional<TaskResponse> send(TaskCommand command) {
        String id = command.taskId().value();
        long version = commands.send(command, id);
        return readYourWrites.awaitRead(id, version, key -> views.findAtLeast(key, version)).map(this::respond);
    }

    public Optional<TaskResponse> view(TaskId id) {
        return views.find(id.value()).map(this::respond);
    }

    public List<TaskResponse> views(List<String> ids) {
        return views.findAll(ids).stream().map(this::respond).toList();
    }

    /** The views of {@code ids} in that order; an id without a view (not replayed yet) is left out. */
    public List<TaskResponse> viewsInOrder(List<String> ids) {
        Map<String, TaskResponse> byId = new HashMap<>();
        views(ids).forEach(view -> byId.put(view.task().taskId(), view));
        return ids.stream().map(byId::get).filter(Objects::nonNull).toList();
    }

    TaskResponse respond(TaskView view) {
        Assessment colour = colours.of(view);
        return TaskResponse.of(view, zone.today(clock), colour.colour(), colour.reasons());
    }

    /** Every event of the task, oldest first, read from the event store itself: the events are the truth. */
    public List<Map<String, Object>> history(TaskId id) {
        return ItemEvents.of(eventStore, id.value(), Task.class).stream().map(e -> history.of(e, "taskId")).toList();
    }
}
