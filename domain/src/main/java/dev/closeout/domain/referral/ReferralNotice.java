package dev.closeout.domain.referral;

import dev.closeout.domain.common.Limits;
import dev.closeout.domain.common.Text;

import java.time.LocalDate;

/**
 * The referral an item came down with (转办/交办单): which level referred it, which body of that
 * level, under which document number (文号), and by which day the office must report back (反馈) the
 * outcome. Events store it as given; {@link #checked} checks what a command brings, naming each field
 * under {@code field} ({@code referral.reportBackDue}).
 *
 * @param level          the referring level (省, 市)
 * @param referringBody  the body that referred it, e.g. 省委督查室, 市信访局
 * @param documentNumber its document number (文号), e.g. 甘督字〔2026〕12号
 * @param reportBackDue  the last day to report back; late from the next day, as {@code DueDates} decides
 */
public record ReferralNotice(ReferralLevel level, String referringBody, String documentNumber,
                             LocalDate reportBackDue) {

    /** {@code notice} with every field checked, or {@code null} when none was given (an item not referred). */
    public static ReferralNotice checked(ReferralNotice notice, String field) {
        if (notice == null) {
            return null;
        }
        return new ReferralNotice(Limits.required(notice.level(), field + ".level"),
                Text.name(notice.referringBody(), field + ".referringBody"),
                Text.line(notice.documentNumber(), field + ".documentNumber", Limits.NAME),
                Limits.requiredDate(notice.reportBackDue(), field + ".reportBackDue"));
    }
}
