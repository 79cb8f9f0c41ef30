package dev.closeout.application.ledger;

import dev.closeout.application.task.TaskResponse;
import dev.closeout.application.task.TaskService;
import dev.closeout.application.web.NotFoundException;
import dev.closeout.domain.common.InvalidValueException;
import dev.closeout.domain.task.TaskStatus;
import dev.closeout.domain.time.Colour;
import dev.closeout.projections.ledger.LedgerDay;
import dev.closeout.projections.ledger.LedgerEntry;
import dev.closeout.projections.ledger.LedgerFilter;
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
import java.time.Clock;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The account-and-cancel ledger (挂账销号台账): figures per ledger, lead department, responsible leader and
 * category, its entries page by page, and the whole ledger as a spreadsheet file.
 */
@RestController
@RequestMapping("/api/ledgers")
public class LedgerController {

    static final int MAX_LIMIT = 2_000;
    /** The days a trend covers when the request names no {@code from}. */
    static final int DEFAULT_TREND_DAYS = 30;
    private static final int EXPORT_PAGE = 500;

    private final LedgerQueries ledgers;
    private final TaskService tasks;
    private final OfficeZone zone;
    private final Clock clock;

    public LedgerController(LedgerQueries ledgers, TaskService tasks, OfficeZone zone, Clock clock) {
        this.ledgers = ledgers;
        this.tasks = tasks;
        this.zone = zone;
        this.clock = clock;
    }

    @GetMapping
    List<String> names() {
        return ledgers.names();
    }

    /** The ledger's figures now, or at the end of the day {@code asOf} (not after today) in the ledger's zone. */
    @GetMapping("/{ledger}")
    LedgerSummary summary(@PathVariable String ledger, @RequestParam(required = false) LocalDate asOf) {
        return (asOf == null ? ledgers.summary(ledger) : ledgers.summary(ledger, asOf))
                .orElseThrow(() -> new NotFoundException("No ledger named " + ledger));
    }

    /**
     * The ledger's figures day by day from {@code from} to {@code to} (both inclusive, at most
     * {@value LedgerQueries#MAX_TREND_DAYS} days, none after today); by default the 30 days up to today.
     */
    @GetMapping("/{ledger}/trend")
    List<LedgerDay> trend(@PathVariable String ledger, @RequestParam(required = false) LocalDate from,
                          @RequestParam(required = false) LocalDate to) {
        LocalDate last = to == null ? zone.today(clock) : to;
        LocalDate first = from == null ? last.minusDays(DEFAULT_TREND_DAYS - 1) : from;
        return ledgers.trend(ledger, first, last).orElseThrow(() -> new NotFoundException("No ledger named " + ledger));
    }

    /**
     * The ledger's tasks, soonest due first, {@code limit} from {@code offset}; optionally of one lead
     * department, one responsible leader (包抓领导), one category (类别), one status and some colours
     * ({@link LedgerFilters}). {@code X-Total-Count} says how many match, and a
     * {@code Link} header with {@code rel="next"} gives the next page while there is one. With {@code asOf}
     * (a day not after today), the tasks as the ledger listed them at the end of that day
     * ({@link LedgerEntryAsOf}), filtered and judged as they were then.
     */
    @GetMapping("/{ledger}/entries")
    ResponseEntity<List<?>> entries(@PathVariable String ledger,
                                    @RequestParam(required = false) String department,
                                    @RequestParam(required = false) String leader,
                                    @RequestParam(required = false) String category,
                                    @RequestParam(required = false) TaskStatus status,
                                    @RequestParam(required = false) Set<Colour> colour,
                                    @RequestParam(defaultValue = "0") int offset,
                                    @RequestParam(defaultValue = "500") int limit,
                                    @RequestParam(required = false) LocalDate asOf,
                                    HttpServletRequest request) {
        if (offset < 0) {
            throw new InvalidValueException("offset", "must not be negative");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidValueException("limit", "must be between 1 and " + MAX_LIMIT);
        }
        LedgerFilter filter = LedgerFilters.of(department, leader, category, status, colour);
        if (asOf != null) {
            List<LedgerEntry> entries = known(ledger, ledgers.entries(ledger, asOf, filter));
            int from = Math.min(offset, entries.size());
            int to = Math.min(entries.size(), from + limit);
            List<LedgerEntry> page = entries.subList(from, to);
            Map<String, String> titles = new HashMap<>();
            tasks.viewsInOrder(page.stream().map(LedgerEntry::taskId).toList())
                    .forEach(view -> titles.put(view.task().taskId(), view.task().title()));
            return page(entries.size(), to, limit, request)
                    .body(page.stream().map(e -> new LedgerEntryAsOf(titles.get(e.taskId()), e)).toList());
        }
        List<String> ids = known(ledger, ledgers.taskIds(ledger, filter));
        int from = Math.min(offset, ids.size());
        int to = Math.min(ids.size(), from + limit);
        return page(ids.size(), to, limit, request).body(tasks.viewsInOrder(ids.subList(from, to)));
    }

    /**
     * The ledger's items as found; an empty list only for a ledger that exists (asked only then), a mistyped name
     * being a 404 as for the figures, not an empty ledger exported.
     */
    private <T> List<T> known(String ledger, List<T> found) {
        if (found.isEmpty() && !ledgers.exists(ledger)) {
            throw new NotFoundException("No ledger named " + ledger);
        }
        return found;
    }

    /** A page's headers: how many match, and the next page while there is one. */
    private static ResponseEntity.BodyBuilder page(int total, int to, int limit, HttpServletRequest request) {
        ResponseEntity.BodyBuilder response = ResponseEntity.ok()
                .header("X-Total-Count", String.valueOf(total));
        if (to < total) {
            // relative, as the request came, so that no Host header a client sends is echoed back
            String next = UriComponentsBuilder.fromPath(request.getRequestURI()).query(request.getQueryString())
                    .replaceQueryParam("offset", to).replaceQueryParam("limit", limit).build().toUriString();
            response.header(HttpHeaders.LINK, "<" + next + ">; rel=\"next\"");
        }
        return response;
    }

    /**
     * The ledger's tasks as CSV for a spreadsheet (UTF-8 with a byte-order mark, so Excel reads the
     * Chinese), with the same filters as the entries, every matching task, read a page at a time.
     */
    @GetMapping("/{ledger}/entries.csv")
    ResponseEntity<StreamingResponseBody> export(@PathVariable String ledger,
                                                 @RequestParam(required = false) String department,
                                                 @RequestParam(required = false) String leader,
                                                 @RequestParam(required = false) String category,
                                                 @RequestParam(required = false) TaskStatus status,
                                                 @RequestParam(required = false) Set<Colour> colour,
                                                 @RequestParam(required = false) String asOf) {
        if (asOf != null) {
            // exported as today's lines, so a past day asked for is refused rather than silently answered with today
            throw new InvalidValueException("asOf", "is not offered for the CSV export: read entries?asOf= instead");
        }
        List<String> ids = known(ledger, ledgers.taskIds(ledger, LedgerFilters.of(department, leader, category, status,
                colour)));
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
