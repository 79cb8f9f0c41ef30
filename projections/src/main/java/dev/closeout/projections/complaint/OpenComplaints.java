package dev.closeout.projections.complaint;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import dev.closeout.projections.support.ListedBuckets;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The open complaints assigned to a department. The complaint ledger keeps its lines by month of
 * receipt, not by department, so this reads every month's buckets (by exact keys the month documents
 * list) and keeps the department's open lines: a cost that grows with all complaints ever received,
 * about 150 bytes a line, which a county's few thousand a year keep small.
 */
public class OpenComplaints {

    /** One open complaint; {@code department} and {@code dueDate} are {@code null} before assignment. */
    public record Entry(String complaintId, String department, LocalDate dueDate) {
    }

    private final ListedBuckets months;

    public OpenComplaints(MongoDatabase database) {
        this.months = new ListedBuckets(database, ComplaintLedgerProjection.MONTHS, ComplaintLedgerProjection.COLLECTION);
    }

    /** The open complaints assigned to {@code department}, or all open ones when it is {@code null}. */
    public List<Entry> of(String department) {
        List<Entry> open = new ArrayList<>();
        for (ListedBuckets.Line listed : months.lines(Filters.empty())) {
            ComplaintLedgerLine line = ComplaintLedgerLine.fromDocument(listed.stored());
            if (line.status().isOpen() && (department == null || department.equals(line.department()))) {
                open.add(new Entry(listed.itemId(), line.department(), line.dueDate()));
            }
        }
        return open;
    }
}
