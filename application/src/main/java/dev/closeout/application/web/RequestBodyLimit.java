package dev.closeout.application.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Refuses a request body larger than {@code closeout.api.max-body-size} with 413, before it is
 * read: a declared {@code Content-Length} over the limit is refused at once, and a chunked body
 * (no length declared) is read only up to one byte past the limit. A chunked upload
 * ({@code multipart/form-data}) is refused with 411: the container parses a form's parts from its own
 * stream, not from a body read here. Jackson would otherwise read
 * any body whole into memory, and a text near 16 MB would reach the event store, which cannot store
 * a document that large.
 *
 * <p>The default, 1 MB, is over three times the largest legitimate body: a task with an
 * 8,000-character description, 200 supporting departments of 200 characters and its other fields
 * is about 49,000 characters, at most 6 bytes each even when every one is sent as a JSON
 * {@code \}{@code uXXXX} escape, so under 300 KB.
 *
 * <p>A request a {@link LargerBody} bean names (a file upload) has that bean's limit instead.
 *
 * <p>Runs before the security filters, so that an unauthenticated client cannot make the
 * application read a large body either.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class RequestBodyLimit extends OncePerRequestFilter {

    static final String PROPERTY = "closeout.api.max-body-size";

    /** The page a page's form too large is answered with; its arguments the context path and the limit. */
    private static final String TOO_LARGE_PAGE = """
            <!DOCTYPE html>
            <html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>提交的内容太大 · Too large</title><link rel="stylesheet" href="%1$s/css/workspace.css"></head>
            <body><main id="main">
            <h1>提交的内容太大</h1>
            <p>所附文件合计超过了一次允许提交的 %2$s，未提交。请返回上一页，减少文件或压缩后再提交。</p>
            <h2 lang="en">Too large</h2>
            <p lang="en">The files attached are more than the %2$s one form may send, and nothing was sent. Go back, attach
            fewer or smaller files and send again.</p>
            <p class="hint">HTTP 413</p>
            <p><a href="%1$s/">返回工作台 · Back to the worklist</a></p>
            </main></body></html>
            """;

    private final LargerBody general;
    private final List<LargerBody> larger;
    private final ProblemResponses problems;

    RequestBodyLimit(@Value("${" + PROPERTY + ":1MB}") DataSize limit, ObjectProvider<LargerBody> larger,
                     ProblemResponses problems) {
        this.general = new LargerBody("*", "/**", limit, PROPERTY);
        this.larger = larger.orderedStream().toList();
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        LargerBody rule = larger.stream().filter(body -> body.matches(request)).findFirst().orElse(general);
        long limit = rule.limit().toBytes();
        long declared = request.getContentLengthLong();
        if (declared > limit) {
            refuse(request, response, rule);
            return;
        }
        HttpServletRequest read = request;
        if (declared < 0 && request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null && isMultipart(request)) {
            // the container parses a form's parts from its own stream, which a body counted here has been read from
            problems.write(response, HttpStatus.LENGTH_REQUIRED, "An upload (multipart/form-data) must declare its "
                    + "Content-Length: send it unchunked, as browsers and curl -F do.", Map.of());
            return;
        }
        if (declared < 0 && request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null) {
            byte[] body = request.getInputStream().readNBytes(Math.toIntExact(limit + 1));
            if (body.length > limit) {
                refuse(request, response, rule);
                return;
            }
            read = new ReadBody(request, body);
        }
        chain.doFilter(read, response);
    }

    private static boolean isMultipart(HttpServletRequest request) {
        String type = request.getContentType();
        return type != null && type.regionMatches(true, 0, "multipart/", 0, "multipart/".length());
    }

    /**
     * 413: the API's problem+json, or on a page's path a page ({@link #TOO_LARGE_PAGE}): a clerk whose photos were too
     * many saw the API's JSON. The page is written here, in both languages, not by the pages' templates: anything that
     * reads the request's parameters (the security filters, a page's model) would wait for the body refused unread.
     */
    private void refuse(HttpServletRequest request, HttpServletResponse response, LargerBody rule) throws IOException {
        if (PageErrorPages.isPage(request.getRequestURI().substring(request.getContextPath().length()))) {
            response.setStatus(HttpStatus.PAYLOAD_TOO_LARGE.value());
            response.setContentType("text/html;charset=UTF-8");
            response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
            response.getWriter().write(TOO_LARGE_PAGE.formatted(request.getContextPath(),
                    readable(rule.limit().toBytes())));
            return;
        }
        long limit = rule.limit().toBytes();
        problems.write(response, HttpStatus.PAYLOAD_TOO_LARGE, "The request body is larger than "
                        + readable(limit) + ", the most this API accepts here (" + rule.property() + ").",
                Map.of("maxBodySize", limit));
    }

    private static String readable(long bytes) {
        long kilobyte = DataSize.ofKilobytes(1).toBytes();
        long megabyte = DataSize.ofMegabytes(1).toBytes();
        if (bytes % megabyte == 0) {
            return bytes / megabyte + " MB";
        }
        return bytes % kilobyte == 0 ? bytes / kilobyte + " KB" : bytes + " bytes";
    }

    /** A request whose body was read already (within the limit), served from memory. */
    private static final class ReadBody extends HttpServletRequestWrapper {

        private final byte[] body;

        ReadBody(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("the body was read already");
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            Charset charset = getCharacterEncoding() == null ? StandardCharsets.UTF_8
                    : Charset.forName(getCharacterEncoding());
            return new BufferedReader(new InputStreamReader(getInputStream(), charset));
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }
}
