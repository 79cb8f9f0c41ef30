package dev.closeout.projections.complaint;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Projections;
import dev.closeout.projections.support.LineReader;
import org.bson.Document;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The open complaints assigned to a department. The complaint ledger keeps its lines by month of
 * receipt, not by department, so this reads every month's lines (by exact keys the months' counters
 * give) and keeps the department's open lines: a cost that grows with all complaints ever received,
 * about 200 bytes a line, which a county's few thousand a year keep small.
 */
public class OpenComplaints {

    /** One open complaint; {@code department} and {@code dueDate} are {@code null} before assignment. */
    public record Entry(String complaintId, String department, LocalDate dueDate) {
    }

    private final MongoCollection<Document> months;
    private final LineReader lines;

    public OpenComplaints(MongoDatabase database) {
        this.months = database.getCollection(ComplaintLedgerProjection.MONTHS);
        this.lines = new LineReader(database, ComplaintLedgerProjection.COLLECTION, ComplaintLedgerProjection.MONTHS);
    }

    /** The open complaints assigned to {@code department}, or all open ones when it is {@code null}. */
    public List<Entry> of(String department) {
        List<Entry> open = new ArrayList<>();
        List<String> all = new ArrayList<>();
        months.find().projection(Projections.include("_id")).forEach(month -> all.add(month.getString("_id")));
        for (LineReader.Line listed : lines.lines(all)) {
            ComplaintLedgerLine line = ComplaintLedgerLine.fromDocument(listed.line());
            if (line.status().isOpen() && (department == null || department.equals(line.department()))) {
                open.add(new Entry(listed.itemId(), line.department(), line.dueDate()));
            }
        }
        return open;
    }
}
