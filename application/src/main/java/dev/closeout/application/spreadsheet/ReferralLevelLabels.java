package dev.closeout.application.spreadsheet;

import dev.closeout.domain.common.InvalidValueException;
import dev.closeout.domain.referral.ReferralLevel;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Map;

/**
 * A 转办层级 as a sheet writes it: 省 or 市 (also 省级, 省上, 市级, 市上), or the API's code
 * ({@code PROVINCE}, {@code CITY}).
 */
final class ReferralLevelLabels {

    private static final Map<String, ReferralLevel> WORDS = Map.of(
            "省级", ReferralLevel.PROVINCE, "省上", ReferralLevel.PROVINCE,
            "市级", ReferralLevel.CITY, "市上", ReferralLevel.CITY);

    private ReferralLevelLabels() {
    }

    /** The level written, {@code null} for a blank cell; an {@link InvalidValueException} naming {@code field}. */
    static ReferralLevel parse(String written, String field) {
        if (written == null || written.isBlank()) {
            return null;
        }
        String text = Normalizer.normalize(written, Normalizer.Form.NFKC).replaceAll("\\s", "");
        for (ReferralLevel level : ReferralLevel.values()) {
            if (level.label().equals(text) || level.name().equals(text.toUpperCase(Locale.ROOT))) {
                return level;
            }
        }
        ReferralLevel word = WORDS.get(text);
        if (word == null) {
            throw new InvalidValueException(field, "「" + written + "」 is not a referring level: write 省 or 市");
        }
        return word;
    }
}
