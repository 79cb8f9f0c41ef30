package dev.closeout.domain.task;

import dev.closeout.domain.common.InvalidValueException;
import dev.closeout.domain.common.Limits;
import dev.closeout.domain.common.Text;

import java.util.regex.Pattern;

/**
 * A file submitted as evidence with a closure request (申请销号), as the history records it: which
 * stored file, under what name, how many bytes, and their SHA-256, so that the history proves what
 * was submitted even if someone later doubts the file shown.
 *
 * @param fileId the stored file's id
 * @param name   the file's name as the department gave it, without any path
 * @param size   its length in bytes, at least one
 * @param sha256 the SHA-256 of its bytes, 64 lower-case hexadecimal digits
 */
public record EvidenceFile(String fileId, String name, long size, String sha256) {

    private static final Pattern SHA_256 = Pattern.compile("[0-9a-f]{64}");

    public EvidenceFile {
        fileId = Text.line(fileId, "fileId", Limits.NAME);
        name = Text.fileName(name, "name");
        if (size < 1) {
            throw new InvalidValueException("size", "must be at least 1 byte");
        }
        if (sha256 == null || !SHA_256.matcher(sha256).matches()) {
            throw new InvalidValueException("sha256", "must be 64 lower-case hexadecimal digits");
        }
    }
}
