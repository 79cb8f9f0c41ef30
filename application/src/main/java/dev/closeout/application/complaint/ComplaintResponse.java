package dev.closeout.application.complaint;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.closeout.projections.complaint.ComplaintView;

/**
 * A complaint view as the API shows it to one reader: the stored view, masked when the reader
 * may not see the complainant ({@code complainantMasked}), plus what depends on today's date.
 */
public record ComplaintResponse(@JsonUnwrapped ComplaintView complaint, boolean complainantMasked, boolean overdue) {
}
