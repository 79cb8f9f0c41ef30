package dev.closeout.application.inspection;

import dev.closeout.application.infrastructure.axon.CommandSender;
import dev.closeout.application.infrastructure.axon.ItemEvents;
import dev.closeout.application.infrastructure.readmodel.ReadYourWrites;
import dev.closeout.application.security.CloseoutUser;
import dev.closeout.application.web.HistoryEntries;
import dev.closeout.application.web.IdempotencyKey;
import dev.closeout.application.web.ItemResource;
import dev.closeout.domain.common.CommandRefusedException;
import dev.closeout.domain.common.InvalidValueException;
import dev.closeout.domain.inspection.FindingId;
import dev.closeout.domain.inspection.InspectionCommand;
import dev.closeout.domain.inspection.InspectionCommand.CloseRound;
import dev.closeout.domain.inspection.InspectionCommand.ConvertFindingToTask;
import dev.closeout.domain.inspection.InspectionCommand.MarkUnitInspected;
import dev.closeout.domain.inspection.InspectionCommand.OpenRound;
import dev.closeout.domain.inspection.InspectionCommand.RecordFinding;
import dev.closeout.domain.inspection.InspectionEvent.FindingConvertedToTask;
import dev.closeout.domain.inspection.InspectionEvent.FindingRecorded;
import dev.closeout.domain.inspection.InspectionRound;
import dev.closeout.domain.inspection.InspectionRoundId;
import dev.closeout.projections.inspection.InspectionReport;
import dev.closeout.projections.inspection.InspectionRounds;
import dev.closeout.projections.task.TaskViews;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.modelling.command.ConcurrencyException;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Inspection rounds (督查检查) over HTTP, for supervisors; auditors read them. Departments do not:
 * a round is the supervisors' plan and record (an unannounced round above all), and what it asks of a
 * department reaches it as the tasks its findings became, on the department's ledger. Each POST sends
 * one command and, once it is stored, answers with the round and its report as they now stand
 * (waiting briefly for the read model, so a client reads its own write), or 202 naming the round.
 */
@RestController
@RequestMapping("/api/inspection-rounds")
public class InspectionRoundController {

    static final ItemResource<InspectionRoundId> ROUNDS =
            new ItemResource<>("inspection round", "roundId", InspectionRoundId::new);
    private static final ItemResource<FindingId> FINDINGS = new ItemResource<>("finding", "findingId", FindingId::new);

    private final CommandSender commands;
    private final InspectionRounds rounds;
    private final TaskViews taskViews;
    private final ReadYourWrites readYourWrites;
    private final EventStore eventStore;
    private final HistoryEntries history;

    public InspectionRoundController(CommandSender commands, InspectionRounds rounds, TaskViews taskViews,
                                     ReadYourWrites readYourWrites, EventStore eventStore, HistoryEntries history) {
        this.commands = commands;
        this.rounds = rounds;
        this.taskViews = taskViews;
        this.readYourWrites = readYourWrites;
        this.eventStore = eventStore;
        this.history = history;
    }

    /** 开展督查. */
    @PostMapping
    ResponseEntity<Map<String, String>> open(@RequestBody InspectionRequests.Open body,
                                             @AuthenticationPrincipal CloseoutUser user) {
        InspectionRoundId id = InspectionRoundId.generate();
        commands.create(new OpenRound(id, body.kind(), body.title(), body.units(), body.ledger(), user.actor()));
        readYourWrites.await(id.value(), 0, rounds::version);
        return ResponseEntity.created(URI.create("/api/inspection-rounds/" + id.value()))
                .body(Map.of("roundId", id.value()));
    }

    /** Every round with its report, the most recently opened first. */
    @GetMapping
    List<InspectionReport> list() {
        return rounds.reports();
    }

    @GetMapping("/{id}")
    InspectionReport get(@PathVariable String id) {
        return rounds.report(ROUNDS.id(id).value()).orElseThrow(() -> ROUNDS.notFound(id));
    }

    /**
     * Every event of the round, oldest first, read from the event store itself: who opened it, what
     * was found where, which unit was inspected when, which task each finding became.
     */
    @GetMapping("/{id}/history")
    List<Map<String, Object>> history(@PathVariable String id) {
        List<Map<String, Object>> entries = new ArrayList<>();
        for (DomainEventMessage<?> event : ItemEvents.of(eventStore, ROUNDS.id(id).value(), InspectionRound.class)) {
            Map<String, Object> entry = history.of(event, "roundId");
            // Ids as they appear in URLs, not as the records they are inside the events.
            if (event.getPayload() instanceof FindingRecorded found) {
                entry.put("findingId", found.findingId().value());
            } else if (event.getPayload() instanceof FindingConvertedToTask converted) {
                entry.put("findingId", converted.findingId().value());
                entry.put("taskId", converted.taskId().value());
            }
            entries.add(entry);
        }
        return ROUNDS.history(id, entries);
    }

    /**
     * 发现问题. With an {@code Idempotency-Key} the finding's id is derived from the round, the user and the key,
     * so a client retrying after a timeout records the finding once; the same key sent by the same user with
     * another finding is refused naming the header (400), as a registration's is, and another user's key is
     * another finding.
     */
    @PostMapping("/{id}/findings")
    ResponseEntity<Map<String, String>> recordFinding(@PathVariable String id,
                                                      @RequestBody InspectionRequests.Finding body,
                                                      @RequestHeader(name = IdempotencyKey.HEADER, required = false)
                                                      String idempotencyKey,
                                                      @AuthenticationPrincipal CloseoutUser user) {
        InspectionRoundId roundId = ROUNDS.id(id);
        Optional<IdempotencyKey> key = IdempotencyKey.of(idempotencyKey);
        FindingId findingId = key.map(k -> k.findingIdFor(roundId, user.username())).orElseGet(FindingId::generate);
        RecordFinding command = new RecordFinding(roundId, findingId, body.unit(), body.description(), user.actor());
        long version;
        try {
            version = retried(() -> commands.send(command, roundId.value()));
        } catch (RuntimeException e) {
            if (key.isPresent() && refusedNaming(e, "findingId")) {
                throw new InvalidValueException(IdempotencyKey.HEADER, "was already used for another finding (finding "
                        + findingId.value() + ")");
            }
            throw e;
        }
        readYourWrites.await(roundId.value(), version, rounds::version);
        return ResponseEntity.created(URI.create("/api/inspection-rounds/" + roundId.value()))
                .body(Map.of("roundId", roundId.value(), "findingId", findingId.value()));
    }

    /**
     * 转为整改任务: the finding becomes a task under an id derived from the round and the finding, so
     * converting it again (a retry, a second click) answers the same task and registers no other. The
     * task is registered from the conversion event by {@link ConvertedFindingTaskPolicy}, the one path;
     * the answer waits (briefly) for it and for the round to list it: 201 with its location once both can be
     * read, 202 with the same location if either is still on its way.
     */
    @PostMapping("/{id}/findings/{findingId}/convert")
    ResponseEntity<Map<String, String>> convert(@PathVariable String id, @PathVariable String findingId,
                                                @RequestBody InspectionRequests.Conversion body,
                                                @AuthenticationPrincipal CloseoutUser user) {
        InspectionRoundId roundId = ROUNDS.id(id);
        FindingId finding = FINDINGS.id(findingId);
        FindingConvertedToTask conversion = retried(() -> commands.ask(new ConvertFindingToTask(roundId, finding,
                finding.taskIdIn(roundId), body.ledger(), body.title(), body.leadDepartment(), body.dueDate(),
                user.actor())));
        String taskId = conversion.taskId().value();
        URI task = URI.create("/api/tasks/" + taskId);
        Map<String, String> answer = Map.of("roundId", roundId.value(), "findingId", finding.value(), "taskId", taskId);
        // the round lists the finding's task, and the task can be read: the round's page and the task's agree
        boolean shown = readYourWrites.awaitRead(roundId.value(), 0, key -> rounds.find(key)
                        .filter(round -> round.findings().stream().anyMatch(f -> taskId.equals(f.taskId()))))
                .isPresent() & readYourWrites.await(taskId, 0, taskViews::version);
        return shown
                ? ResponseEntity.created(task).body(answer)
                : ResponseEntity.accepted().location(task).body(answer);
    }

    /** 已检查. */
    @PostMapping("/{id}/units/{unit}/inspected")
    ResponseEntity<?> markInspected(@PathVariable String id, @PathVariable String unit,
                                    @AuthenticationPrincipal CloseoutUser user) {
        InspectionRoundId roundId = ROUNDS.id(id);
        return send(roundId, new MarkUnitInspected(roundId, unit, user.actor()));
    }

    /** 结束督查. */
    @PostMapping("/{id}/close")
    ResponseEntity<?> close(@PathVariable String id, @AuthenticationPrincipal CloseoutUser user) {
        InspectionRoundId roundId = ROUNDS.id(id);
        return send(roundId, new CloseRound(roundId, user.actor()));
    }

    private ResponseEntity<?> send(InspectionRoundId roundId, InspectionCommand command) {
        long version = commands.send(command, roundId.value());
        boolean caughtUp = readYourWrites.await(roundId.value(), version, rounds::version);
        return ROUNDS.answer(roundId.value(), caughtUp ? rounds.report(roundId.value()) : Optional.empty());
    }

    private static boolean refusedNaming(Throwable e, String field) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof CommandRefusedException refused) {
                return field.equals(refused.field());
            }
        }
        return false;
    }

    /**
     * A command that answers what it did, sent once more if it lost the append to a concurrent one
     * (two clicks at once): the second attempt finds the first one's work and answers it.
     */
    private static <R> R retried(Supplier<R> ask) {
        try {
            return ask.get();
        } catch (ConcurrencyException lostRace) {
            return ask.get();
        }
    }
}
