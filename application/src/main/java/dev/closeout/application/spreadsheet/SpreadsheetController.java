package dev.closeout.application.spreadsheet;

import dev.closeout.application.ledger.LedgerFilters;
import dev.closeout.application.scorecard.ScorecardPeriod;
import dev.closeout.application.scorecard.ScorecardService;
import dev.closeout.application.security.CloseoutUser;
import dev.closeout.application.task.TaskCategories;
import dev.closeout.application.task.TaskService;
import dev.closeout.application.web.NotFoundException;
import dev.closeout.domain.common.InvalidValueException;
import dev.closeout.domain.task.TaskStatus;
import dev.closeout.domain.time.Colour;
import dev.closeout.projections.ledger.LedgerQueries;
import dev.closeout.projections.ledger.LedgerSummary;
import dev.closeout.projections.support.OfficeZone;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;

/**
 * Ledgers and evaluations as Excel workbooks, and a 清单 imported from one (or from CSV): the import
 * ({@code POST /api/ledgers/{ledger}/import}), its empty form, the ledger's entries with its figures,
 * and the quarterly scorecard. See docs/spreadsheets.md.
 */
@RestController
public class SpreadsheetController {

    static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    private static final MediaType XLSX_TYPE = MediaType.parseMediaType(XLSX);
    private static final int EXPORT_PAGE = 500;

    private final LedgerImport imports;
    private final LedgerQueries ledgers;
    private final TaskService tasks;
    private final ScorecardService scorecards;
    private final OfficeZone zone;
    private final Clock clock;
    private final TaskCategories categories;

    public SpreadsheetController(LedgerImport imports, LedgerQueries ledgers, TaskService tasks,
                                 ScorecardService scorecards, OfficeZone zone, Clock clock,
                                 TaskCategories categories) {
        this.imports = imports;
        this.ledgers = ledgers;
        this.tasks = tasks;
        this.scorecards = scorecards;
        this.zone = zone;
        this.clock = clock;
        this.categories = categories;
    }

    /** The sheet as the request body, typed {@code text/csv} or as an .xlsx workbook. */
    @PostMapping(path = SpreadsheetConfiguration.IMPORT_PATH, consumes = {"text/csv", XLSX})
    ResponseEntity<LedgerImport.Result> importBody(@PathVariable String ledger,
                                                   @RequestBody(required = false) byte[] body,
                                                   @AuthenticationPrincipal CloseoutUser user) {
        return answer(imports.importSheet(ledger, body, user.actor()));
    }

    /** The sheet as the multipart part {@code file}, as a browser's file form or {@code curl -F} sends it. */
    @PostMapping(path = SpreadsheetConfiguration.IMPORT_PATH, consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<LedgerImport.Result> importPart(@PathVariable String ledger,
                                                   @RequestPart(name = "file", required = false) MultipartFile file,
                                                   @AuthenticationPrincipal CloseoutUser user) throws IOException {
        if (file == null) {
            throw new ImportRefusedException(HttpStatus.BAD_REQUEST, "The request has no part named file.");
        }
        return answer(imports.importSheet(ledger, file.getBytes(), user.actor()));
    }

    /**
     * 201 when the sheet registered tasks and the task views show them all, 202 when they are
     * registered but some are not readable yet; 200 when every row was registered before.
     */
    private static ResponseEntity<LedgerImport.Result> answer(LedgerImport.Result result) {
        HttpStatus status = result.registered() == 0 ? HttpStatus.OK
                : result.viewsCurrent() ? HttpStatus.CREATED : HttpStatus.ACCEPTED;
        return ResponseEntity.status(status).body(result);
    }

    @GetMapping("/api/ledgers/{ledger}/import-template.xlsx")
    ResponseEntity<StreamingResponseBody> template(@PathVariable String ledger) {
        return workbook(ledger + " 导入模板.xlsx", out -> ImportTemplate.write(out, ledger, categories.categories()));
    }

    /** The ledger's tasks (with the filters of the CSV) and its figures; 404 for a ledger with no tasks. */
    @GetMapping("/api/ledgers/{ledger}/entries.xlsx")
    ResponseEntity<StreamingResponseBody> entries(@PathVariable String ledger,
                                                  @RequestParam(required = false) String department,
                                                  @RequestParam(required = false) String leader,
                                                  @RequestParam(required = false) String category,
                                                  @RequestParam(required = false) TaskStatus status,
                                                  @RequestParam(required = false) Set<Colour> colour,
                                                  @RequestParam(required = false) String asOf) {
        if (asOf != null) {
            // exported as today's lines, so a past day asked for is refused rather than silently answered with today
            throw new InvalidValueException("asOf", "is not offered for the workbook: read entries?asOf= instead");
        }
        LedgerSummary summary = ledgers.summary(ledger).orElseThrow(() -> new NotFoundException("No ledger named " + ledger));
        List<String> ids = ledgers.taskIds(ledger, LedgerFilters.of(department, leader, category, status, colour));
        return workbook(ledger + ".xlsx", out -> LedgerWorkbook.write(out, summary, zone.zone(), page -> {
            for (int from = 0; from < ids.size(); from += EXPORT_PAGE) {
                page.accept(tasks.viewsInOrder(ids.subList(from, Math.min(ids.size(), from + EXPORT_PAGE))));
            }
        }));
    }

    /** The scorecard of {@code GET /api/scorecards}, with the same parameters, as a workbook. */
    @GetMapping("/api/scorecards.xlsx")
    ResponseEntity<StreamingResponseBody> scorecard(
            @RequestParam(required = false) String quarter,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
            @RequestParam(required = false) Set<String> ledger) {
        ScorecardPeriod period = ScorecardPeriod.of(quarter, from, to, zone.today(clock));
        var scorecard = scorecards.evaluate(period.from(), period.to(), ledger);
        return workbook("考评 " + period.from() + " " + period.to() + ".xlsx", out -> ScorecardWorkbook.write(out, scorecard));
    }

    private static ResponseEntity<StreamingResponseBody> workbook(String fileName, StreamingResponseBody body) {
        return ResponseEntity.ok().contentType(XLSX_TYPE)
                .header(HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment().filename(fileName, StandardCharsets.UTF_8).build().toString())
                .body(body);
    }
}
