package dev.closeout.projections.support;

/**
 * Document keys built from names. Names are data: whatever characters a ledger or department
 * name holds, two different lists of parts never give the same key, because each part is
 * written after its length ({@code "4:COLL|5:X|D|"}), so no separator inside a name can be
 * mistaken for the end of a part.
 */
public final class Keys {

    private Keys() {
    }

    public static String of(Object... parts) {
        StringBuilder key = new StringBuilder();
        for (Object part : parts) {
            String text = String.valueOf(part);
            key.append(text.length()).append(':').append(text).append('|');
        }
        return key.toString();
    }

    /** The first part of a key {@link #of} made. */
    public static String first(String key) {
        int colon = key.indexOf(':');
        int length = Integer.parseInt(key.substring(0, colon));
        return key.substring(colon + 1, colon + 1 + length);
    }
}
