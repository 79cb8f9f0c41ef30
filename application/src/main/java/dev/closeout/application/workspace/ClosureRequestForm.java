package dev.closeout.application.workspace;

import dev.closeout.application.evidence.EvidenceService;
import dev.closeout.application.evidence.EvidenceService.Evidence;
import dev.closeout.application.task.TaskService;
import dev.closeout.domain.common.Actor;
import dev.closeout.domain.common.CommandRefusedException;
import dev.closeout.domain.common.InvalidValueException;
import dev.closeout.domain.task.TaskCommand.RequestClosure;
import dev.closeout.domain.task.TaskId;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.springframework.stereotype.Component;
import org.springframework.web.multipart.MultipartFile;

import java.util.List;

/**
 * The 申请销号 form's one action: its files uploaded as {@code POST /api/tasks/{id}/evidence} stores them
 * and the closure request sent naming them, as {@code POST /api/tasks/{id}/closure-request} does, through
 * the same services, so the page refuses what the API refuses, in the same words.
 */
@Component
class ClosureRequestForm {

    private final EvidenceService evidence;
    private final TaskService tasks;

    ClosureRequestForm(EvidenceService evidence, TaskService tasks) {
        this.evidence = evidence;
        this.tasks = tasks;
    }

    /**
     * The text is judged before any file is stored, and every file before the request is sent: a refused
     * text or file stores nothing and requests nothing. A request the task refuses after the files were
     * stored (another user's command in between) deletes them again: the task recorded nothing naming them.
     */
    void send(TaskId taskId, String evidenceText, List<MultipartFile> parts, Actor actor) {
        String text = new RequestClosure(taskId, evidenceText, actor).evidence();
        List<MultipartFile> chosen = chosen(parts);
        List<String> ids = chosen.isEmpty() ? List.of()
                : evidence.upload(taskId, actor, chosen).stream().map(Evidence::id).toList();
        try {
            tasks.send(new RequestClosure(taskId, text, evidence.filesFor(taskId, ids), actor));
        } catch (RuntimeException failure) {
            if (refusal(failure)) {
                try {
                    evidence.discard(taskId, ids);
                } catch (RuntimeException e) {
                    failure.addSuppressed(e);
                }
            }
            throw failure;
        }
    }

    /**
     * Whether the task refused the request, so that no event names the files. Any other failure (a store
     * that did not answer in time) may have recorded the request, and its files are kept.
     */
    private static boolean refusal(Throwable failure) {
        Throwable cause = failure instanceof CommandExecutionException && failure.getCause() != null
                ? failure.getCause() : failure;
        return cause instanceof CommandRefusedException || cause instanceof InvalidValueException
                || cause instanceof ConcurrencyException || cause instanceof AggregateNotFoundException;
    }

    /** A file input left empty still sends one part, without a name or a byte. */
    private static List<MultipartFile> chosen(List<MultipartFile> parts) {
        return parts == null ? List.of() : parts.stream()
                .filter(part -> !(part.isEmpty() && (part.getOriginalFilename() == null
                        || part.getOriginalFilename().isEmpty())))
                .toList();
    }
}
