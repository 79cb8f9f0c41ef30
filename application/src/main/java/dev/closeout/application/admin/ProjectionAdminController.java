package dev.closeout.application.admin;

import dev.closeout.application.infrastructure.axon.ProcessorProgress;
import dev.closeout.application.infrastructure.axon.Replays;
import dev.closeout.application.infrastructure.mongo.Durability;
import dev.closeout.application.infrastructure.mongo.ReadModelStore;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import dev.closeout.application.web.NotFoundException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Rebuilding read models (supervisors only): every tracking processor is stopped, its tokens
 * reset to the start of the event store, its read model cleared by its reset handler, and
 * started again to replay all events.
 */
@RestController
@RequestMapping("/api/admin/projections")
public class ProjectionAdminController {

    private final EventProcessingConfiguration processing;
    private final ProcessorProgress progress;
    private final Durability readModels;

    /** @param readModels the read models' store, where the reset tokens are: awaited before the answer */
    public ProjectionAdminController(EventProcessingConfiguration processing, ProcessorProgress progress,
                                     @ReadModelStore Durability readModels) {
        this.processing = processing;
        this.progress = progress;
        this.readModels = readModels;
    }

    /**
     * One processor's standing; {@code caughtUp}: its read model holds every event stored before this
     * answer was asked for (not Axon's own flag, which stays set once a processor first reached the head).
     */
    public record ProcessorStatus(String name, boolean running, boolean replaying, boolean caughtUp,
                                  Long position, String error) {
    }

    /** A rebuild that could not reset a processor's tokens (HTTP 409). */
    static final class RebuildRefusedException extends RuntimeException {
        RebuildRefusedException(String processor, Throwable cause) {
            super("The read model " + processor + " could not be reset (" + cause.getMessage()
                    + "); it keeps running as it was. If another instance runs it, rebuild there or stop it first.",
                    cause);
        }
    }

    @ExceptionHandler(RebuildRefusedException.class)
    ResponseEntity<ProblemDetail> refused(RebuildRefusedException e) {
        return ResponseEntity.status(HttpStatus.CONFLICT).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage()));
    }

    @GetMapping
    List<ProcessorStatus> status() {
        TrackingToken head = progress.head();
        List<ProcessorStatus> result = new ArrayList<>();
        for (EventProcessor processor : processing.eventProcessors().values()) {
            if (processor instanceof TrackingEventProcessor tracking) {
                Map<Integer, EventTrackerStatus> segments = tracking.processingStatus();
                boolean caughtUp = !segments.isEmpty() && progress.covers(tracking.getName(), head);
                Long position = segments.values().stream()
                        .map(s -> s.getCurrentPosition().orElse(-1L)).min(Long::compare).orElse(null);
                String error = segments.values().stream().filter(EventTrackerStatus::isErrorState)
                        .map(s -> String.valueOf(s.getError())).findFirst().orElse(null);
                result.add(new ProcessorStatus(tracking.getName(), tracking.isRunning(), tracking.isReplaying(),
                        caughtUp, position, error));
            }
        }
        return result;
    }

    /** Rebuilds one read model ({@code ?processor=task-view}) or, without the parameter, all of them. */
    @PostMapping("/rebuild")
    ResponseEntity<List<ProcessorStatus>> rebuild(@RequestParam(required = false) String processor) {
        List<TrackingEventProcessor> chosen = processing.eventProcessors().values().stream()
                .filter(TrackingEventProcessor.class::isInstance).map(TrackingEventProcessor.class::cast)
                .filter(p -> processor == null || p.getName().equals(processor))
                .toList();
        if (chosen.isEmpty()) {
            throw new NotFoundException("No read model named " + processor);
        }
        try {
            Replays.fromTheStart(chosen);
        } catch (Replays.ReplayRefusedException e) {
            // Another instance holds the processor's claim (or the store failed): that read model is
            // untouched and keeps running; say so rather than leave it stopped.
            throw new RebuildRefusedException(e.processor(), e.getCause());
        }
        // on the embedded default nobody else waits for that store's commits (decision 0020): a rebuild accepted
        // and then forgotten in a crash would leave the operator believing it ran
        readModels.awaitDurable();
        return ResponseEntity.accepted().body(status());
    }
}
