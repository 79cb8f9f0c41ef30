package dev.closeout.application.report;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code closeout.reports.pdf-font}: the font the PDFs are written in, a file path, with {@code ,n} for the
 * n-th face of a collection (.ttc). It must cover Chinese; the default is Noto Sans CJK SC from Debian's
 * {@code fonts-noto-cjk} package. The PDF is embedded with the glyphs it uses, so readers need no font.
 */
@ConfigurationProperties("closeout.reports")
public record ReportProperties(String pdfFont) {

    public static final String DEFAULT_FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc,2";

    public ReportProperties {
        pdfFont = pdfFont == null || pdfFont.isBlank() ? DEFAULT_FONT : pdfFont;
    }

    /** The font's file, without the face index of a collection. */
    String fontFile() {
        int comma = pdfFont.lastIndexOf(',');
        return comma > 0 && pdfFont.toLowerCase(java.util.Locale.ROOT).substring(0, comma).endsWith(".ttc")
                ? pdfFont.substring(0, comma) : pdfFont;
    }
}
