package dev.closeout.application.workspace;

import dev.closeout.domain.common.Role;
import dev.closeout.domain.complaint.ComplaintChannel;
import dev.closeout.domain.complaint.ComplaintStatus;
import dev.closeout.domain.complaint.Referral;
import dev.closeout.domain.complaint.Satisfaction;
import dev.closeout.domain.referral.ReferralLevel;
import dev.closeout.domain.referral.ReferralStatus;
import dev.closeout.domain.task.TaskSource;
import dev.closeout.domain.task.MilestoneStatus;
import dev.closeout.domain.task.TaskStatus;
import dev.closeout.domain.time.Colour;
import dev.closeout.domain.time.ColourReason;
import dev.closeout.projections.alert.Alert;

import java.util.Map;

/**
 * The message keys of the values the pages show: every enum a page shows is shown by its label
 * ({@code <prefix>.<NAME>} in {@code messages*.properties}), never by its name, and a history entry's
 * fields that hold one are labelled by the same keys ({@link Timeline}).
 */
final class Labels {

    /** Each enum a page shows, and the prefix of its labels. */
    static final Map<Class<? extends Enum<?>>, String> PREFIXES = Map.ofEntries(
            Map.entry(TaskStatus.class, "status"),
            Map.entry(MilestoneStatus.class, "milestoneStatus"),
            Map.entry(ComplaintStatus.class, "complaintStatus"),
            Map.entry(Colour.class, "colour"),
            Map.entry(ColourReason.class, "reason"),
            Map.entry(Role.class, "role"),
            Map.entry(ComplaintChannel.class, "channel"),
            Map.entry(TaskSource.class, "source"),
            Map.entry(Referral.class, "referral"),
            Map.entry(ReferralLevel.class, "referrals.level"),
            Map.entry(ReferralStatus.class, "referrals.standing"),
            Map.entry(Satisfaction.class, "satisfaction"),
            Map.entry(Alert.AlertType.class, "alert"),
            Map.entry(LedgerPage.Sort.class, "ledger.sort"));

    /** History fields that hold an enum, as a history entry names them, and the prefix of that enum's labels. */
    static final Map<String, String> HISTORY_FIELDS = Map.of(
            "source", PREFIXES.get(TaskSource.class),
            "channel", PREFIXES.get(ComplaintChannel.class),
            "referredBy", PREFIXES.get(Referral.class),
            "rating", PREFIXES.get(Satisfaction.class),
            "status", PREFIXES.get(TaskStatus.class),
            "role", PREFIXES.get(Role.class));

    private Labels() {
    }
}
