package dev.closeout.application.infrastructure.audit;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.function.Consumer;

/**
 * The tamper-evident history as the application uses it: sealing a store written before events
 * were hashed, recording digests of the chain heads (daily and on demand), exporting them, and
 * verifying the chains against them. See docs/audit.md.
 */
public class ChainAudit {

    private final ChainSeal seal;
    private final Digests digests;
    private final ChainVerifier verifier;
    private final Clock clock;

    public ChainAudit(ChainSeal seal, Digests digests, ChainVerifier verifier, Clock clock) {
        this.seal = seal;
        this.digests = digests;
        this.verifier = verifier;
        this.clock = clock;
    }

    /**
     * What the daily job does, every time it runs: seal the store if that was never done, then record
     * the day's digest unless one was recorded on this office day already. Answers the digest it recorded, or null.
     */
    public Digest sealAndRecordDailyDigest() {
        seal.sealIfNeeded(clock.instant());
        return digests.recordIfDue(clock.instant());
    }

    /** A digest recorded now, on demand (e.g. before a quarterly appraisal meeting). */
    public Digest recordDigest() {
        seal.sealIfNeeded(clock.instant());
        return digests.record(clock.instant());
    }

    public Verification verify() {
        return verifier.verifyAll();
    }

    /** One item's chain; null when the store holds no event of it. */
    public Verification verify(String aggregateId) {
        return verifier.verifyAggregate(aggregateId);
    }

    /** The digests recorded on the office's days {@code from .. to}, oldest first. */
    public void digests(LocalDate from, LocalDate to, Consumer<Digest> each) {
        digests.between(from, to, each);
    }

    /** The heads a digest lists, page by page; a missing page lists none (verification names it). */
    public void heads(Digest digest, Consumer<List<ChainHead>> eachPage) {
        for (String pageHash : digest.pages()) {
            List<ChainHead> page = digests.page(pageHash);
            if (page != null) {
                eachPage.accept(page);
            }
        }
    }
}
