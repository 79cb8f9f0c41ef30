package dev.closeout.application.evidence;

import dev.closeout.application.infrastructure.files.FileStore;
import dev.closeout.application.infrastructure.files.StoredFile;
import dev.closeout.application.web.NotFoundException;
import dev.closeout.domain.common.Actor;
import dev.closeout.domain.common.CommandRefusedException;
import dev.closeout.domain.common.InvalidValueException;
import dev.closeout.domain.common.Limits;
import dev.closeout.domain.common.Text;
import dev.closeout.domain.task.EvidenceAccess;
import dev.closeout.domain.task.EvidenceFile;
import dev.closeout.domain.task.TaskAction;
import dev.closeout.domain.task.TaskId;
import dev.closeout.projections.task.TaskView;
import dev.closeout.projections.task.TaskViews;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.web.multipart.MultipartFile;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Evidence files of closure requests (申请销号): stored for a task by whoever may ask for its
 * closure, opened by those who decide, audit or answer for it ({@link EvidenceAccess}), and named
 * by a closure request, whose event then records each file's name, size and SHA-256. For the API
 * and the pages alike; refusals are {@link InvalidValueException} (400), {@link EvidenceRefusedException}
 * (413, 415), {@link CommandRefusedException} (403, 409) and {@link NotFoundException} (404).
 */
@Service
public class EvidenceService {

    /** An evidence file as the API shows it. */
    public record Evidence(String id, String name, long size, String sha256, String contentType) {
    }

    /** A file to send: what it is, and its bytes (the caller closes the stream). */
    public record Download(Evidence file, InputStream content) {
    }

    private static final String FIELD = "file";
    /** The SHA-256 a client may state for each file, as {@code sha256} parts in the files' order. */
    private static final String DIGEST = "sha256";

    private final FileStore store;
    private final TaskViews tasks;
    private final EvidenceProperties limits;

    public EvidenceService(FileStore store, TaskViews tasks, EvidenceProperties limits) {
        this.store = store;
        this.tasks = tasks;
        this.limits = limits;
    }

    /** Stores the files for the task, all or none, as {@link #upload(TaskId, Actor, List, List)} without stated digests. */
    public List<Evidence> upload(TaskId taskId, Actor actor, List<MultipartFile> files) {
        return upload(taskId, actor, files, List.of());
    }

    /**
     * Stores the files for the task, all or none: each is judged (name, size, type by its leading
     * bytes, and its SHA-256 against the one the client stated for it, if it stated any) before any is
     * stored, and a failure while storing deletes the files this call stored before it fails.
     *
     * @param stated the SHA-256 of each file in {@code files}' order, as the client computed it; empty for none
     */
    public List<Evidence> upload(TaskId taskId, Actor actor, List<MultipartFile> files, List<String> stated) {
        if (files == null || files.isEmpty()) {
            throw new InvalidValueException(FIELD, "is required: send each file as a multipart part named file");
        }
        if (files.size() > limits.maxFiles()) {
            throw new InvalidValueException(FIELD, "may be sent at most " + limits.maxFiles()
                    + " times a request (closeout.evidence.max-files); " + files.size() + " were sent");
        }
        List<String> digests = stated == null ? List.of() : stated;
        if (!digests.isEmpty() && digests.size() != files.size()) {
            throw new InvalidValueException(DIGEST, "must be sent once for each file, in the files' order, or not at "
                    + "all; " + digests.size() + " were sent for " + files.size() + " files");
        }
        TaskView task = task(taskId);
        EvidenceAccess.requireMayAttach(actor, task.leadDepartment(), task.supportingDepartments());
        if (!task.status().allows(TaskAction.REQUEST_CLOSURE)) {
            throw CommandRefusedException.state("Task is " + task.status() + "; evidence is uploaded for a closure "
                    + "request, which a task may make only while it is claimed or in progress");
        }
        // while an extension waits, files are still taken: a milestone may be reported met with them (报完成), and a
        // closure request naming them is refused by the task until the extension is decided
        List<Judged> judged = files.stream().map(this::judge).toList();
        for (int i = 0; i < digests.size(); i++) {
            Judged file = judged.get(i);
            if (!file.sha256().equalsIgnoreCase(digests.get(i) == null ? "" : digests.get(i).trim())) {
                throw new InvalidValueException(DIGEST + "[" + i + "]", "does not match file " + quoted(file.name())
                        + ": its bytes have SHA-256 " + file.sha256() + ", not " + quoted(digests.get(i))
                        + "; the file changed on its way or the digest is of another file");
            }
        }
        List<Evidence> stored = new ArrayList<>();
        try {
            for (Judged file : judged) {
                stored.add(store(taskId, actor, file));
            }
        } catch (RuntimeException failure) {
            discard(stored, failure);
            throw failure;
        }
        return stored;
    }

    /**
     * Deletes files an upload stored for {@code taskId} and that nothing names: for a closure request that
     * was refused after its files were stored, so that a refused request leaves no file behind. A file
     * not uploaded for this task is left alone.
     */
    public void discard(TaskId taskId, List<String> fileIds) {
        fileIds.stream().filter(id -> find(taskId, id).isPresent()).forEach(store::discard);
    }

    private Evidence store(TaskId taskId, Actor actor, Judged file) {
        try (InputStream content = file.part().getInputStream()) {
            return evidence(store.store(taskId.value(), file.name(), file.sha256(), file.type().contentType(),
                    actor.user(), content));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes what a failed upload stored; a file that cannot be deleted is told beside the failure. */
    private void discard(List<Evidence> stored, RuntimeException failure) {
        for (Evidence file : stored) {
            try {
                store.discard(file.id());
            } catch (RuntimeException e) {
                failure.addSuppressed(e);
            }
        }
    }

    /** The task's evidence file, for someone who may open it; 404 for a file not uploaded for this task. */
    public Download open(TaskId taskId, String fileId, Actor actor) {
        TaskView task = task(taskId);
        EvidenceAccess.requireMayOpen(actor, task.leadDepartment());
        StoredFile file = find(taskId, fileId).orElseThrow(() ->
                new NotFoundException("No evidence file " + fileId + " on task " + taskId.value()));
        return new Download(evidence(file), store.open(file));
    }

    /**
     * The files a closure request names, as its event records them; each must have been uploaded for
     * this task. A refusal names the position, e.g. {@code evidenceFiles[1]}.
     */
    public List<EvidenceFile> filesFor(TaskId taskId, List<String> fileIds) {
        if (fileIds == null || fileIds.isEmpty()) {
            return List.of();
        }
        if (fileIds.size() > Limits.EVIDENCE_FILES) {
            throw new InvalidValueException("evidenceFiles", "must name at most " + Limits.EVIDENCE_FILES + " files");
        }
        List<EvidenceFile> files = new ArrayList<>();
        for (int i = 0; i < fileIds.size(); i++) {
            String field = "evidenceFiles[" + i + "]";
            String id = Text.line(fileIds.get(i), field, Limits.NAME);
            StoredFile file = find(taskId, id).orElseThrow(() -> new InvalidValueException(field,
                    "names no file uploaded for task " + taskId.value() + ": " + id));
            files.add(new EvidenceFile(file.id(), file.name(), file.size(), file.sha256()));
        }
        return files;
    }

    private Optional<StoredFile> find(TaskId taskId, String fileId) {
        return store.find(fileId).filter(file -> taskId.value().equals(file.owner()));
    }

    private TaskView task(TaskId taskId) {
        return tasks.find(taskId.value()).orElseThrow(() -> new NotFoundException("No task with id " + taskId.value()));
    }

    /** A part read once through: its cleaned name, type and digest, or a refusal naming it. */
    private Judged judge(MultipartFile part) {
        String raw = part.getOriginalFilename();
        String name;
        try {
            name = Text.fileName(raw, FIELD);
        } catch (InvalidValueException e) {
            throw new InvalidValueException(FIELD, "name " + quoted(raw) + " is refused: "
                    + e.getMessage().substring(FIELD.length() + 1));
        }
        if (part.getSize() > limits.maxFileSize().toBytes()) {
            throw new EvidenceRefusedException(HttpStatus.PAYLOAD_TOO_LARGE, FIELD, "File " + quoted(name) + " has "
                    + part.getSize() + " bytes; a file may have at most " + limits.maxFileSize().toBytes()
                    + " (closeout.evidence.max-file-size)", Map.of("fileName", name,
                    "maxFileSize", limits.maxFileSize().toBytes()));
        }
        MessageDigest digest = FileStore.sha256();
        byte[] head;
        long size;
        try (InputStream in = new DigestInputStream(part.getInputStream(), digest)) {
            head = in.readNBytes(FileType.SIGNATURE_BYTES);
            size = head.length + in.transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (size == 0) {
            throw new InvalidValueException(FIELD, "File " + quoted(name) + " is empty");
        }
        Optional<FileType> type = FileType.of(head).filter(limits.types()::contains);
        if (type.isEmpty()) {
            throw new EvidenceRefusedException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, FIELD, "File " + quoted(name)
                    + " is not " + accepted() + " (judged by its content, not its name or Content-Type)",
                    Map.of("fileName", name));
        }
        return new Judged(part, name, type.get(), HexFormat.of().formatHex(digest.digest()));
    }

    private String accepted() {
        List<String> names = limits.types().stream().map(Enum::name).toList();
        return names.size() == 1 ? "a " + names.get(0)
                : "a " + String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
    }

    private static String quoted(String name) {
        return name == null ? "(none)" : "\"" + name + "\"";
    }

    private static Evidence evidence(StoredFile file) {
        return new Evidence(file.id(), file.name(), file.size(), file.sha256(), file.contentType());
    }

    private record Judged(MultipartFile part, String name, FileType type, String sha256) {
    }
}
