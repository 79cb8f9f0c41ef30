package dev.closeout.domain.complaint;

import dev.closeout.domain.common.InvalidValueException;
import dev.closeout.domain.common.Text;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The person who complained, as far as they said who they are. An anonymous complaint has no
 * complainant at all, so a complainant names at least a name or a phone. The phone is checked
 * loosely because numbers arrive as typed: mobiles, landlines with area codes, "+86" prefixes.
 * <p>
 * Names and phones are personal data: read models and boards show {@link #maskedName()} and
 * {@link #maskedPhone()}, and {@link #toString()} is masked so that logs never carry them.
 *
 * @param name  the complainant's name, or {@code null}
 * @param phone 5 to 20 characters of digits, spaces, '-' and '+', or {@code null}
 */
public record Complainant(String name, String phone) {

    private static final Pattern PHONE = Pattern.compile("[0-9 +-]{5,20}");
    /** A mobile number has 11 digits; from there on the 138****5678 pattern still hides enough. */
    private static final int DIGITS_FOR_LONG_MASK = 11;
    /** Fewer digits in a text are no personal number: a hotline's 12345 is not a complainant's phone. */
    private static final int MIN_DIGITS_IN_TEXT = 7;

    public Complainant {
        name = Text.optionalLine(name, "complainant.name", 100);
        phone = Text.optionalLine(phone, "complainant.phone", 20);
        if (phone != null && !PHONE.matcher(phone).matches()) {
            throw new InvalidValueException("complainant.phone",
                    "must be 5-20 characters of digits, spaces, '-' or '+'");
        }
        if (name == null && phone == null) {
            throw new InvalidValueException("complainant",
                    "must have a name or a phone; leave it out for an anonymous complaint");
        }
    }

    /**
     * The first character followed by one '*' for each other character (张三 → 张*, 欧阳娜娜 → 欧***);
     * a one-character name is all '*'. Compound surnames are not recognised: guessing them
     * would need a list, and showing one character less is the safe side. {@code null} without a name.
     */
    public String maskedName() {
        if (name == null) {
            return null;
        }
        int[] characters = name.codePoints().toArray();
        if (characters.length == 1) {
            return "*";
        }
        return new String(characters, 0, 1) + "*".repeat(characters.length - 1);
    }

    /**
     * Digits replaced by '*' except the first three and last four of a number with 11 or more
     * digits (13812345678 → 138****5678), or the first and last digit of a shorter one
     * (87654321 → 8******1); a number of one or two digits shows none. Spaces, '-' and '+' stay
     * where they were, so the number keeps the shape it was typed in. {@code null} without a phone.
     */
    public String maskedPhone() {
        if (phone == null) {
            return null;
        }
        int digits = (int) phone.chars().filter(Character::isDigit).count();
        int keepFirst;
        int keepLast;
        if (digits >= DIGITS_FOR_LONG_MASK) {
            keepFirst = 3;
            keepLast = 4;
        } else if (digits >= 3) {
            keepFirst = 1;
            keepLast = 1;
        } else {
            keepFirst = 0;
            keepLast = 0;
        }
        StringBuilder masked = new StringBuilder(phone.length());
        int position = 0;
        for (char c : phone.toCharArray()) {
            if (Character.isDigit(c)) {
                boolean shown = position < keepFirst || position >= digits - keepLast;
                masked.append(shown ? c : '*');
                position++;
            } else {
                masked.append(c);
            }
        }
        return masked.toString();
    }

    /**
     * {@code text} with this complainant's name and phone, where it repeats them, replaced by their masked forms
     * ({@link #masking()}); {@code null} stays {@code null}.
     */
    public String maskedIn(String text) {
        return masking().apply(text);
    }

    /**
     * What masks this complainant in a text, its patterns made once for every text of a complaint: a hotline ticket's
     * subject and content often repeat the complainant ("市民张三（13800138000）反映…"), and a reader who sees the
     * complainant masked must not read them there. The name as written (of two characters or more: one character is
     * a surname, not a person, and masking every 王 in a text would garble it); the phone as its digits (seven or
     * more: fewer are no personal number, and would mask a hotline's "12345"), ASCII or full-width, with any spaces
     * or hyphens between them, with or without its country code (86, written or not), and not inside a longer run of
     * digits. A landline written without the area code it was recorded with is not found.
     */
    public UnaryOperator<String> masking() {
        String shownName = maskedName();
        boolean name = this.name != null && this.name.codePointCount(0, this.name.length()) >= 2;
        String digits = phone == null ? "" : phone.replaceAll("[^0-9]", "");
        List<Pattern> numbers = new ArrayList<>();
        if (digits.length() >= MIN_DIGITS_IN_TEXT) {
            numbers.add(digitsIn(digits));
            if (digits.length() > DIGITS_FOR_LONG_MASK) {
                numbers.add(digitsIn(digits.substring(digits.length() - DIGITS_FOR_LONG_MASK)));
            }
        }
        String shownPhone = phone == null ? null : Matcher.quoteReplacement(maskedPhone());
        return text -> {
            if (text == null) {
                return null;
            }
            String masked = name ? text.replace(this.name, shownName) : text;
            for (Pattern number : numbers) {
                masked = number.matcher(masked).replaceAll(shownPhone);
            }
            return masked;
        };
    }

    /**
     * The digits as a text may write them: each ASCII or full-width, spaces or hyphens between, a country code 86 before
     * them or not, no digit around.
     */
    private static Pattern digitsIn(String digits) {
        StringBuilder pattern = new StringBuilder("(?<![0-9\uFF10-\uFF19])(?:[+\uFF0B]?[8\uFF18][6\uFF16][\\s\\-\uFF0D]*)?");
        for (int i = 0; i < digits.length(); i++) {
            if (i > 0) {
                pattern.append("[\\s\\-\uFF0D]*");
            }
            char digit = digits.charAt(i);
            pattern.append('[').append(digit).append((char) ('\uFF10' + (digit - '0'))).append(']');
        }
        return Pattern.compile(pattern.append("(?![0-9\uFF10-\uFF19])").toString());
    }

    /** Masked: a complainant printed in a log or a failed assertion must not expose them. */
    @Override
    public String toString() {
        return "Complainant[name=" + maskedName() + ", phone=" + maskedPhone() + "]";
    }
}
