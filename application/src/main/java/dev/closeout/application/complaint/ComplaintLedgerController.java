package dev.closeout.application.complaint;

import dev.closeout.projections.complaint.ComplaintLedgerQueries;
import dev.closeout.projections.complaint.ComplaintLedgerReport;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.LocalDate;

/**
 * The complaint ledger of a period of receipt: received, closed, replied, open, overdue,
 * closure, response and satisfaction rates, reopened; by referral, channel and department.
 * It holds no personal data, so every reader sees the same figures.
 */
@RestController
public class ComplaintLedgerController {

    private final ComplaintLedgerQueries ledger;

    public ComplaintLedgerController(ComplaintLedgerQueries ledger) {
        this.ledger = ledger;
    }

    /** The figures of a period of receipt now, or as the ledger stood at the end of {@code asOf} (not after today). */
    @GetMapping("/api/complaint-ledger")
    ComplaintLedgerReport report(@RequestParam LocalDate from, @RequestParam LocalDate to,
                                 @RequestParam(required = false) LocalDate asOf) {
        return ledger.report(from, to, asOf);
    }
}
