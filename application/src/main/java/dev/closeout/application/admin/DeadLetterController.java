package dev.closeout.application.admin;

import dev.closeout.application.infrastructure.deadletter.DeadLetters;
import dev.closeout.application.infrastructure.deadletter.DeadLetters.ParkedItem;
import dev.closeout.application.infrastructure.deadletter.DeadLetters.Retry;
import dev.closeout.application.infrastructure.deadletter.DeadLetters.StoreUnavailableException;
import dev.closeout.application.infrastructure.mongo.Durability;
import dev.closeout.application.infrastructure.mongo.ReadModelStore;
import dev.closeout.application.web.NotFoundException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.Map;

/**
 * Events a read model failed on, parked per processing group (supervisors and operators): list them,
 * retry an item's parked events once the cause is fixed, or evict them. An item is named by its
 * sequence identifier in the group, which for every read model is the task's or complaint's id.
 */
@RestController
@RequestMapping("/api/admin/dead-letters")
public class DeadLetterController {

    private final DeadLetters deadLetters;
    private final Durability readModels;

    public DeadLetterController(DeadLetters deadLetters, @ReadModelStore Durability readModels) {
        this.deadLetters = deadLetters;
        this.readModels = readModels;
    }

    /** What a retry did: the item's parked events were all handled, or one failed again and waits. */
    public record RetryOutcome(String group, String sequenceId, String outcome, ParkedItem stillParked) {
    }

    public record Evicted(String group, String sequenceId, int evicted) {
    }

    @ExceptionHandler(StoreUnavailableException.class)
    ResponseEntity<ProblemDetail> storeUnavailable(StoreUnavailableException e) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage()));
    }

    /** Parked items of every group that has any, by group; an empty object when nothing is parked. */
    @GetMapping
    Map<String, List<ParkedItem>> list() {
        return deadLetters.parked();
    }

    @GetMapping("/{group}")
    List<ParkedItem> list(@PathVariable String group) {
        return deadLetters.parked(knownGroup(group));
    }

    @PostMapping("/{group}/{sequenceId}/retry")
    RetryOutcome retry(@PathVariable String group, @PathVariable String sequenceId) {
        parkedItem(group, sequenceId);
        Retry retry = deadLetters.retry(group, sequenceId);
        // answered "applied" only once what the read model wrote is on disk: its store commits about once a second,
        // and nobody else waits for it (decision 0020)
        readModels.awaitDurable();
        return new RetryOutcome(group, sequenceId, retry == Retry.APPLIED ? "applied" : "still-parked",
                retry == Retry.APPLIED ? null : deadLetters.parked(group, sequenceId).orElse(null));
    }

    @PostMapping("/{group}/{sequenceId}/evict")
    Evicted evict(@PathVariable String group, @PathVariable String sequenceId) {
        parkedItem(group, sequenceId);
        return new Evicted(group, sequenceId, deadLetters.evict(group, sequenceId));
    }

    private String knownGroup(String group) {
        if (!deadLetters.groups().contains(group)) {
            throw new NotFoundException("No processing group named " + group + "; groups: " + deadLetters.groups());
        }
        return group;
    }

    private void parkedItem(String group, String sequenceId) {
        if (deadLetters.parked(knownGroup(group), sequenceId).isEmpty()) {
            throw new NotFoundException("Nothing is parked for " + sequenceId + " in processing group " + group);
        }
    }
}
