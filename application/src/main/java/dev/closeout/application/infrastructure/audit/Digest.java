package dev.closeout.application.infrastructure.audit;

import dev.closeout.application.infrastructure.eventstore.ChainHash;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.List;

/**
 * One digest of the chain heads: every aggregate whose chain grew since the previous digest, with
 * the sequence number and hash of its newest event, in pages of at most {@link Digests#PAGE_SIZE}
 * heads, each page named by its own hash. The digest's {@code hash} covers its fields, its pages'
 * hashes and the previous digest's hash, so the hash of the latest digest, printed or published,
 * vouches for every head ever recorded and, through each head's chain hash, for every event before it.
 *
 * @param number             1 for the first digest, then one more each time
 * @param day                the office's day (closeout.ledger.zone) on which it was recorded
 * @param fromGlobalIndex    the first global index read for it
 * @param highestGlobalIndex the highest global index handed out when it was recorded
 * @param heads              how many heads its pages list
 * @param pages              the hashes of its pages, in order
 * @param previous           the previous digest's hash ({@link ChainHash#GENESIS} for the first)
 */
public record Digest(long number, LocalDate day, Instant recordedAt, long fromGlobalIndex, long highestGlobalIndex,
                     int heads, List<String> pages, String previous, String hash) {

    /** How verification names a digest: {@code 12 (2026-06-30)}. */
    public String name() {
        return number + " (" + day + ")";
    }

    /** What the digest's hash should be, from its other fields. */
    public String expectedHash() {
        return hashOf(out -> {
            field(out, "closeout-digest/1");
            out.writeLong(number);
            field(out, day.toString());
            field(out, recordedAt.toString());
            out.writeLong(fromGlobalIndex);
            out.writeLong(highestGlobalIndex);
            out.writeInt(heads);
            out.writeInt(pages.size());
            for (String page : pages) {
                field(out, page);
            }
            field(out, previous);
        });
    }

    Digest withHash(String hash) {
        return new Digest(number, day, recordedAt, fromGlobalIndex, highestGlobalIndex, heads, pages, previous, hash);
    }

    /** A page's hash over its heads in order, each as aggregate identifier, sequence number and chain hash. */
    static String pageHash(List<ChainHead> page) {
        return hashOf(out -> {
            field(out, "closeout-digest-page/1");
            out.writeInt(page.size());
            for (ChainHead head : page) {
                field(out, head.aggregateId());
                out.writeLong(head.sequence());
                field(out, head.hash());
            }
        });
    }

    private interface Form {
        void write(DataOutputStream out) throws IOException;
    }

    private static String hashOf(Form form) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(buffer)) {
            form.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return HexFormat.of().formatHex(ChainHash.sha256().digest(buffer.toByteArray()));
    }

    private static void field(DataOutputStream out, String value) throws IOException {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }
}
