package dev.closeout.application.evidence;

import dev.closeout.application.evidence.EvidenceService.Download;
import dev.closeout.application.evidence.EvidenceService.Evidence;
import dev.closeout.application.security.CloseoutUser;
import dev.closeout.domain.task.TaskId;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static dev.closeout.application.web.ItemResource.TASKS;

/**
 * Evidence files over HTTP: {@code POST /api/tasks/{id}/evidence} stores one or more
 * {@code multipart/form-data} parts named {@code file} (and, if the client wants the files checked, as many
 * text parts named {@code sha256}, each file's SHA-256 in the same order) and answers 201 with each file's id, name,
 * size, SHA-256 and type; {@code GET /api/tasks/{id}/evidence/{fileId}} sends a file back as an
 * attachment. A closure request names the ids ({@code evidenceFiles}).
 */
@RestController
@RequestMapping("/api/tasks/{id}/evidence")
public class EvidenceController {

    private final EvidenceService evidence;

    public EvidenceController(EvidenceService evidence) {
        this.evidence = evidence;
    }

    @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<List<Evidence>> upload(@PathVariable String id,
                                          @RequestParam(name = "file", required = false) List<MultipartFile> files,
                                          @RequestParam(name = "sha256", required = false) List<String> sha256,
                                          @AuthenticationPrincipal CloseoutUser user) {
        return ResponseEntity.status(HttpStatus.CREATED).body(evidence.upload(TASKS.id(id), user.actor(), files,
                sha256));
    }

    /**
     * Always an attachment, with the type its content was judged to be and {@code nosniff}, so that no
     * browser renders an uploaded file as a page of this site; the name goes in {@code filename*}
     * (RFC 6266, RFC 5987) with an ASCII stand-in in {@code filename}.
     */
    @GetMapping("/{fileId}")
    void download(@PathVariable String id, @PathVariable String fileId, @AuthenticationPrincipal CloseoutUser user,
                  HttpServletResponse response) throws IOException {
        Download download = evidence.open(TASKS.id(id), fileId, user.actor());
        Evidence file = download.file();
        response.setContentType(file.contentType());
        response.setContentLengthLong(file.size());
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION, attachment(file.name()));
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Content-Security-Policy", "default-src 'none'; sandbox");
        response.setHeader(HttpHeaders.ETAG, "\"" + file.sha256() + "\"");
        try (InputStream content = download.content()) {
            content.transferTo(response.getOutputStream());
        }
    }

    static String attachment(String name) {
        StringBuilder ascii = new StringBuilder();
        name.codePoints().forEach(c -> ascii.append(c >= 0x20 && c < 0x7f && c != '"' && c != '\\' && c != '%'
                ? Character.toString(c) : "_"));
        // RFC 5987 allows fewer characters unencoded than a form does: not '*'
        String encoded = URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A");
        return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded;
    }

}
