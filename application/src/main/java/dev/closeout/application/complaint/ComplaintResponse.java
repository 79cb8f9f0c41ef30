package dev.closeout.application.complaint;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.closeout.application.referral.ReferralResponse;
import dev.closeout.domain.time.Colour;
import dev.closeout.domain.time.ColourReason;
import dev.closeout.projections.complaint.ComplaintView;

import java.util.List;

/**
 * A complaint view as the API shows it to one reader: the stored view, masked when the reader
 * may not see the complainant ({@code complainantMasked}), plus what depends on today's date: overdue,
 * its colour (红黄蓝) with the reasons for it, and its referral (省, 市) as it stands today.
 */
public record ComplaintResponse(@JsonUnwrapped @JsonIgnoreProperties("referral") ComplaintView complaint,
                                boolean complainantMasked, boolean overdue, Colour colour,
                                List<ColourReason> colourReasons, ReferralResponse referral) {
}
