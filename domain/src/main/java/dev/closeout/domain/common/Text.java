package dev.closeout.domain.common;

import java.text.Normalizer;

/**
 * Checks and normalises the text a command accepts; a refusal names the field so the API can
 * report it. Text is NFC-normalised (a name typed with combining marks equals the same name
 * typed precomposed) and trimmed of every kind of space at both ends, including no-break,
 * ideographic and zero-width ones, so text of nothing but such characters counts as blank.
 * <p>
 * A <em>line</em> (a name, a title) holds no control characters and no line breaks: names are
 * data in keys, paths, CSV cells and headers, never syntax. A <em>block</em> (a description, a
 * reason) may hold line breaks ({@code \r\n} and {@code \r} become {@code \n}) and tabs, and no
 * other control character. Neither may hold an unpaired surrogate, which no storage encodes.
 * Lengths count UTF-16 code units, as MongoDB's size limits roughly do.
 */
public final class Text {

    private Text() {
    }

    /** A required line of at most {@code maxLength} characters. */
    public static String line(String value, String field, int maxLength) {
        return required(normalised(value, field, false, maxLength), field);
    }

    /** An optional line: {@code null} when absent or blank. */
    public static String optionalLine(String value, String field, int maxLength) {
        return normalised(value, field, false, maxLength);
    }

    /** A required block of text of at most {@code maxLength} characters. */
    public static String block(String value, String field, int maxLength) {
        return required(normalised(value, field, true, maxLength), field);
    }

    /** An optional block of text: {@code null} when absent or blank. */
    public static String optionalBlock(String value, String field, int maxLength) {
        return normalised(value, field, true, maxLength);
    }

    /**
     * A ledger's or department's name: a line that is not made of dots alone, since {@code .} and
     * {@code ..} cannot be a segment of any URL path (clients and servers resolve them away), and
     * every name must be readable back by its path.
     */
    public static String name(String value, String field) {
        String name = line(value, field, Limits.NAME);
        if (name.chars().allMatch(c -> c == '.')) {
            throw new InvalidValueException(field, "must not consist of dots only");
        }
        return name;
    }

    /**
     * A file's name as a user gave it, kept to show and to offer on download: a line that is not
     * made of dots alone and holds no path separator, so that no reader can take it for a path.
     */
    public static String fileName(String value, String field) {
        String name = line(value, field, Limits.FILE_NAME);
        if (name.indexOf('/') >= 0 || name.indexOf('\\') >= 0) {
            throw new InvalidValueException(field, "must be a file name without a path (no / or \\)");
        }
        if (name.chars().allMatch(c -> c == '.')) {
            throw new InvalidValueException(field, "must not consist of dots only");
        }
        for (int i = 0; i < name.length(); i++) {
            if (isBidiControl(name.charAt(i))) {
                // "验收报告\u202Efdp.exe" reads as 验收报告exe.pdf on every page that lists it
                throw new InvalidValueException(field, String.format("must not hold the text-direction control U+%04X",
                        (int) name.charAt(i)));
            }
        }
        return name;
    }

    /** The characters that turn the direction text is shown in: a file's name could then read as another. */
    private static boolean isBidiControl(char c) {
        return c == '\u061C' || c == '\u200E' || c == '\u200F' || c >= '\u202A' && c <= '\u202E'
                || c >= '\u2066' && c <= '\u2069';
    }

    /** An optional name, as {@link #name}. */
    public static String optionalName(String value, String field) {
        return value == null || isBlank(value) ? null : name(value, field);
    }

    /** Whether the text is absent or holds nothing but spaces of any kind. */
    public static boolean isBlank(String value) {
        return value == null || trimmed(value).isEmpty();
    }

    private static String required(String value, String field) {
        if (value == null) {
            throw new InvalidValueException(field, "must not be blank");
        }
        return value;
    }

    private static String normalised(String value, String field, boolean block, int maxLength) {
        if (value == null) {
            return null;
        }
        if (value.length() > 4L * maxLength) {
            // refuse before normalising text far beyond any limit
            throw tooLong(field, maxLength);
        }
        String text = trimmed(value);
        if (text.isEmpty()) {
            return null;
        }
        if (block) {
            text = text.replace("\r\n", "\n").replace('\r', '\n');
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                    continue;
                }
                throw new InvalidValueException(field, "must not hold an unpaired surrogate at position " + i);
            }
            if (!allowed(c, block)) {
                throw new InvalidValueException(field, "must not hold the control character U+"
                        + String.format("%04X", (int) c) + (block ? "" : " (one line, no line breaks)"));
            }
        }
        text = Normalizer.normalize(text, Normalizer.Form.NFC);
        if (text.length() > maxLength) {
            throw tooLong(field, maxLength);
        }
        return text;
    }

    private static boolean allowed(char c, boolean block) {
        if (block && (c == '\n' || c == '\t')) {
            return true;
        }
        int type = Character.getType(c);
        return type != Character.CONTROL && type != Character.LINE_SEPARATOR && type != Character.PARAGRAPH_SEPARATOR
                && c != '\uFFFE' && c != '\uFFFF';
    }

    private static String trimmed(String value) {
        int start = 0;
        int end = value.length();
        while (start < end && space(value.charAt(start))) {
            start++;
        }
        while (end > start && space(value.charAt(end - 1))) {
            end--;
        }
        return value.substring(start, end);
    }

    /** Any space: Java whitespace (tab, line breaks), Unicode space separators (no-break, ideographic), zero-width ones. */
    private static boolean space(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c)
                || c == '\u200B' || c == '\u200C' || c == '\u200D' || c == '\u2060' || c == '\uFEFF' || c == '\u180E';
    }

    private static InvalidValueException tooLong(String field, int maxLength) {
        return new InvalidValueException(field, "must be at most " + maxLength + " characters");
    }
}
