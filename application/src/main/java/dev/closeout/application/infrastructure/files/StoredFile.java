package dev.closeout.application.infrastructure.files;

import java.time.Instant;

/**
 * A file kept in the store, as its GridFS files document describes it.
 *
 * @param id          the file's id (a GridFS ObjectId, as 24 hexadecimal digits)
 * @param owner       what the file belongs to, e.g. a task's id
 * @param name        the name it was uploaded under
 * @param size        its length in bytes
 * @param sha256      the SHA-256 of its bytes, in lower-case hexadecimal
 * @param contentType the media type its bytes were judged to be
 * @param uploadedBy  the user who uploaded it
 * @param uploadedAt  when it was stored
 */
public record StoredFile(String id, String owner, String name, long size, String sha256, String contentType,
                         String uploadedBy, Instant uploadedAt) {
}
