package dev.closeout.application.report;

import dev.closeout.application.security.CloseoutUser;
import dev.closeout.projections.support.OfficeZone;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * The cadence reports (周跟进 · 月调度 · 季总结): {@code GET /api/reports?ledger=&kind=} lists them,
 * {@code POST /api/reports {ledger, kind, period?}} generates one, {@code GET /api/reports/{id}} reads one
 * with its content, and {@code .xlsx} / {@code .pdf} download it.
 */
@RestController
@RequestMapping("/api/reports")
public class ReportController {

    private static final MediaType XLSX =
            MediaType.parseMediaType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");

    record Generate(String ledger, String kind, String period) {
    }

    private final Reports reports;
    private final ReportPdf pdf;
    /** When a report was generated, in the office's zone, as its files print it. */
    private final DateTimeFormatter generated;

    public ReportController(Reports reports, ReportPdf pdf, OfficeZone zone) {
        this.reports = reports;
        this.pdf = pdf;
        this.generated = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(zone.zone());
    }

    @GetMapping
    List<Reports.Report> list(@RequestParam(required = false) String ledger,
                              @RequestParam(required = false) String kind) {
        return reports.list(ledger, kind);
    }

    @PostMapping
    Reports.Report generate(@RequestBody Generate request, @AuthenticationPrincipal CloseoutUser user) {
        return reports.generate(user.actor(), request.ledger(), request.kind(), request.period());
    }

    @GetMapping("/{id}")
    Reports.Report report(@PathVariable String id) {
        return reports.find(id);
    }

    @GetMapping("/{id}.xlsx")
    ResponseEntity<byte[]> workbook(@PathVariable String id) {
        Reports.Report report = reports.find(id);
        return download(report, "xlsx", XLSX, ReportWorkbook.write(report.content(),
                generated.format(report.generatedAt()), report.contentHash()));
    }

    @GetMapping("/{id}.pdf")
    ResponseEntity<byte[]> pdf(@PathVariable String id) {
        Reports.Report report = reports.find(id);
        return download(report, "pdf", MediaType.APPLICATION_PDF, pdf.write(report.content(),
                generated.format(report.generatedAt()), report.contentHash()));
    }

    private static ResponseEntity<byte[]> download(Reports.Report report, String extension, MediaType type,
                                                   byte[] body) {
        String name = report.ledger() + " " + report.kind().label() + " " + report.period() + "." + extension;
        return ResponseEntity.ok().contentType(type)
                .header(HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment().filename(name, StandardCharsets.UTF_8).build().toString())
                .body(body);
    }
}
