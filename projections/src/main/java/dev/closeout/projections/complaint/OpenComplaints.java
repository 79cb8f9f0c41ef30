package dev.closeout.projections.complaint;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import dev.closeout.projections.support.LineBuckets;
import org.bson.Document;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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

    private final MongoCollection<Document> months;
    private final MongoCollection<Document> buckets;

    public OpenComplaints(MongoDatabase database) {
        this.months = database.getCollection(ComplaintLedgerProjection.MONTHS);
        this.buckets = database.getCollection(ComplaintLedgerProjection.COLLECTION);
    }

    /** The open complaints assigned to {@code department}, or all open ones when it is {@code null}. */
    public List<Entry> of(String department) {
        List<String> keys = new ArrayList<>();
        for (Document month : months.find().projection(Projections.include("buckets"))) {
            keys.addAll(month.getList("buckets", String.class, List.of()));
        }
        List<Entry> open = new ArrayList<>();
        if (keys.isEmpty()) {
            return open;
        }
        for (Document bucket : buckets.find(Filters.in("_id", keys))) {
            for (Map.Entry<String, Object> e : LineBuckets.lines(bucket).entrySet()) {
                ComplaintLedgerLine line = ComplaintLedgerLine.fromDocument((Document) e.getValue());
                if (line.status().isOpen() && (department == null || department.equals(line.department()))) {
                    open.add(new Entry(e.getKey(), line.department(), line.dueDate()));
                }
            }
        }
        return open;
    }
}
