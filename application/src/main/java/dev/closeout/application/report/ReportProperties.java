package dev.closeout.application.report;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code closeout.reports.schedule.weekly}, {@code .monthly}, {@code .quarterly}: on which working day of a new
 * week, month or quarter the last one's report of every ledger is generated (default 1, the first; 0 for
 * never), checked every {@code closeout.reports.schedule.check} (default one hour).
 * <p>
 * {@code closeout.reports.pdf-font}: the font the PDFs are written in, a file path, with {@code ,n} for the
 * n-th face of a collection (.ttc). It must cover Chinese; the default is Noto Sans CJK SC from Debian's
 * {@code fonts-noto-cjk} package. The PDF is embedded with the glyphs it uses, so readers need no font.
 */
@ConfigurationProperties("closeout.reports")
public record ReportProperties(String pdfFont, Schedule schedule) {

    public record Schedule(Integer weekly, Integer monthly, Integer quarterly) {

        public Schedule {
            weekly = workingDay(weekly, "weekly");
            monthly = workingDay(monthly, "monthly");
            quarterly = workingDay(quarterly, "quarterly");
        }

        private static int workingDay(Integer day, String name) {
            if (day != null && (day < 0 || day > 20)) {
                throw new IllegalArgumentException("closeout.reports.schedule." + name
                        + " must be a working day from 1 to 20, or 0 for never, was " + day);
            }
            return day == null ? 1 : day;
        }

        /** The working day of a new period on which the last period's report is made; 0 for never. */
        int workingDay(ReportKind kind) {
            return switch (kind) {
                case WEEKLY -> weekly;
                case MONTHLY -> monthly;
                case QUARTERLY -> quarterly;
            };
        }
    }

    public static final String DEFAULT_FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc,2";

    public ReportProperties {
        pdfFont = pdfFont == null || pdfFont.isBlank() ? DEFAULT_FONT : pdfFont;
        schedule = schedule == null ? new Schedule(null, null, null) : schedule;
    }

    /** The font's file, without the face index of a collection. */
    String fontFile() {
        int comma = pdfFont.lastIndexOf(',');
        return comma > 0 && pdfFont.toLowerCase(java.util.Locale.ROOT).substring(0, comma).endsWith(".ttc")
                ? pdfFont.substring(0, comma) : pdfFont;
    }
}
