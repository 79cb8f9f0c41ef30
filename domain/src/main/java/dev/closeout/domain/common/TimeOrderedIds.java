package dev.closeout.domain.common;

import java.security.SecureRandom;
import java.util.UUID;

/**
 * New identifiers as UUIDs of version 7 (RFC 9562): the first 48 bits are the milliseconds of the
 * moment it was made, the other 74 (besides version and variant) random from a secure source. In text
 * they sort in the order they were made, as MongoDB's own ObjectIds do, so the items registered in a
 * minute sit side by side in every index and document store keyed by them: a B-tree writes one page
 * for a run of them, not one page each scattered over the whole tree. They are as hard to guess as
 * before (74 random bits).
 */
public final class TimeOrderedIds {

    private static final SecureRandom RANDOM = new SecureRandom();

    private TimeOrderedIds() {
    }

    /** A new identifier made now, in the usual 36-character form. */
    public static String next() {
        return at(System.currentTimeMillis());
    }

    /** A new identifier as made at {@code epochMillis}. */
    static String at(long epochMillis) {
        byte[] random = new byte[10];
        RANDOM.nextBytes(random);
        long high = (epochMillis & 0xFFFF_FFFF_FFFFL) << 16 | 0x7000L | (random[0] & 0x0FL) << 8 | random[1] & 0xFFL;
        long low = 0x8000_0000_0000_0000L | (random[2] & 0x3FL) << 56;
        for (int i = 3; i < 10; i++) {
            low |= (random[i] & 0xFFL) << (8 * (9 - i));
        }
        return new UUID(high, low).toString();
    }
}
