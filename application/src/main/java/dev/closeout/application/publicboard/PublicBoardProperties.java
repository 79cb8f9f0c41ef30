package dev.closeout.application.publicboard;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;
import java.util.List;

/**
 * The 公示 public board: {@code closeout.public.ledgers} names the ledgers anyone may read without
 * signing in (none by default); {@code cache-for} is how long one computed board serves every reader
 * before the store is read again (default 60 s); {@code page-size} is how many items one page lists
 * (default 100).
 */
@ConfigurationProperties("closeout.public")
public record PublicBoardProperties(List<String> ledgers, Duration cacheFor, Integer pageSize) {

    public PublicBoardProperties {
        ledgers = ledgers == null ? List.of() : List.copyOf(ledgers);
        cacheFor = cacheFor == null ? Duration.ofSeconds(60) : cacheFor;
        pageSize = pageSize == null ? 100 : pageSize;
        if (cacheFor.isNegative() || cacheFor.isZero()) {
            throw new IllegalArgumentException("closeout.public.cache-for must be positive, was " + cacheFor);
        }
        if (pageSize < 1 || pageSize > 1_000) {
            throw new IllegalArgumentException("closeout.public.page-size must be between 1 and 1000, was " + pageSize);
        }
    }

    boolean isPublic(String ledger) {
        return ledgers.contains(ledger);
    }
}
