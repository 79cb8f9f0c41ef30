package dev.closeout.application.ledger;

import dev.closeout.application.task.TaskResponse;
import dev.closeout.application.task.TaskService;
import dev.closeout.application.web.NotFoundException;
import dev.closeout.domain.common.InvalidValueException;
import dev.closeout.domain.task.TaskStatus;
import dev.closeout.domain.time.Colour;
import dev.closeout.projections.ledger.LedgerQueries;
import dev.closeout.projections.ledger.LedgerSummary;
import dev.closeout.projections.support.OfficeZone;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import org.springframework.web.util.UriComponentsBuilder;

import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

/**
 * The account-and-cancel ledger (挂账销号台账): figures per ledger and department, its entries page by
 * page, and the whole ledger as a spreadsheet file.
 */
@RestController
@RequestMapping("/api/ledgers")
public class LedgerController {

    static final int MAX_LIMIT = 2_000;
    private static final int EXPORT_PAGE = 500;

    private final LedgerQueries ledgers;
    private final TaskService tasks;
    private final OfficeZone zone;

    public LedgerController(LedgerQueries ledgers, TaskService tasks, OfficeZone zone) {
        this.ledgers = ledgers;
        this.tasks = tasks;
        this.zone = zone;
    }

    @GetMapping
    List<String> names() {
        return ledgers.names();
    }

    @GetMapping("/{ledger}")
    LedgerSummary summary(@PathVariable String ledger) {
        return ledgers.summary(ledger).orElseThrow(() -> new NotFoundException("No ledger named " + ledger));
    }

    /**
     * The ledger's tasks, soonest due first, {@code limit} from {@code offset}; optionally of one lead
     * department, one status and some colours. {@code X-Total-Count} says how many match, and a
     * {@code Link} header with {@code rel="next"} gives the next page while there is one.
     */
    @GetMapping("/{ledger}/entries")
    ResponseEntity<List<TaskResponse>> entries(@PathVariable String ledger,
                                               @RequestParam(required = false) String department,
                                               @RequestParam(required = false) TaskStatus status,
                                               @RequestParam(required = false) Set<Colour> colour,
                                               @RequestParam(defaultValue = "0") int offset,
                                               @RequestParam(defaultValue = "500") int limit,
                                               HttpServletRequest request) {
        if (offset < 0) {
            throw new InvalidValueException("offset", "must not be negative");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidValueException("limit", "must be between 1 and " + MAX_LIMIT);
        }
        List<String> ids = ledgers.taskIds(ledger, department, status, colour);
        int from = Math.min(offset, ids.size());
        int to = Math.min(ids.size(), from + limit);
        ResponseEntity.BodyBuilder response = ResponseEntity.ok()
                .header("X-Total-Count", String.valueOf(ids.size()));
        if (to < ids.size()) {
            // relative, as the request came, so that no Host header a client sends is echoed back
            String next = UriComponentsBuilder.fromPath(request.getRequestURI()).query(request.getQueryString())
                    .replaceQueryParam("offset", to).replaceQueryParam("limit", limit).build().toUriString();
            response.header(HttpHeaders.LINK, "<" + next + ">; rel=\"next\"");
        }
        return response.body(tasks.viewsInOrder(ids.subList(from, to)));
    }

    /**
     * The ledger's tasks as CSV for a spreadsheet (UTF-8 with a byte-order mark, so Excel reads the
     * Chinese), with the same filters as the entries, every matching task, read a page at a time.
     */
    @GetMapping("/{ledger}/entries.csv")
    ResponseEntity<StreamingResponseBody> export(@PathVariable String ledger,
                                                 @RequestParam(required = false) String department,
                                                 @RequestParam(required = false) TaskStatus status,
                                                 @RequestParam(required = false) Set<Colour> colour) {
        List<String> ids = ledgers.taskIds(ledger, department, status, colour);
        StreamingResponseBody body = out -> {
            Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            LedgerCsv csv = new LedgerCsv(writer, zone.zone());
            csv.header();
            for (int from = 0; from < ids.size(); from += EXPORT_PAGE) {
                for (TaskResponse task : tasks.viewsInOrder(ids.subList(from, Math.min(ids.size(), from + EXPORT_PAGE)))) {
                    csv.row(task);
                }
            }
            writer.flush();
        };
        return ResponseEntity.ok()
                .contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename(ledger + ".csv", StandardCharsets.UTF_8).build().toString())
                .body(body);
    }
}
