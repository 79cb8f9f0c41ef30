package dev.closeout.application.web;

import org.springframework.web.util.UriComponentsBuilder;

/**
 * Paths that carry a ledger's name, for the pages and their redirects: the name is a URI variable, encoded whole
 * ({@code ;}, {@code +}, {@code &}, {@code {…}} included), so any name reads back as it was. Thymeleaf's own path
 * variables leave {@code ;} raw, which the firewall refuses; a redirect expands {@code {…}} left in a path.
 * The templates reach it as the model attribute {@value #MODEL}.
 */
public final class LedgerPaths {

    public static final String MODEL = "ledgerPaths";
    public static final LedgerPaths INSTANCE = new LedgerPaths();

    private LedgerPaths() {
    }

    /** {@code root} followed by the ledger's name as one path segment: {@code of("/ledgers", "台账;一")}. */
    public String of(String root, String ledger) {
        return UriComponentsBuilder.fromPath(root + "/{ledger}").encode().buildAndExpand(ledger).toUriString();
    }

    /** {@code path} with the ledger's name as the query parameter {@code ledger}: {@code /?ledger=台账%7B一%7D}. */
    public String query(String path, String ledger) {
        return UriComponentsBuilder.fromPath(path).queryParam("ledger", "{ledger}").encode().buildAndExpand(ledger)
                .toUriString();
    }

    /** The public board's page {@code page} of the ledger. */
    public String publicPage(String ledger, int page) {
        return UriComponentsBuilder.fromPath("/public/{ledger}").queryParam("page", "{page}").encode()
                .buildAndExpand(ledger, page).toUriString();
    }
}
