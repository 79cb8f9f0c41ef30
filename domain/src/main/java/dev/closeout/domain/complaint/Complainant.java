package dev.closeout.domain.complaint;

import dev.closeout.domain.common.InvalidValueException;
import dev.closeout.domain.common.Text;

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

    /** Masked: a complainant printed in a log or a failed assertion must not expose them. */
    @Override
    public String toString() {
        return "Complainant[name=" + maskedName() + ", phone=" + maskedPhone() + "]";
    }
}
