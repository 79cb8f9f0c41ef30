package dev.closeout.application.report;

import com.lowagie.text.Document;
import com.lowagie.text.Element;
import com.lowagie.text.Font;
import com.lowagie.text.PageSize;
import com.lowagie.text.Paragraph;
import com.lowagie.text.Phrase;
import com.lowagie.text.pdf.BaseFont;
import com.lowagie.text.pdf.PdfPCell;
import com.lowagie.text.pdf.PdfPTable;
import com.lowagie.text.pdf.PdfWriter;
import org.springframework.stereotype.Component;

import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A report as a PDF (OpenPDF): the title, then each section as a table with a shaded header, in landscape
 * A4. The font comes from {@link ReportProperties#pdfFont()}, embedded as a subset; a missing font file is
 * said plainly, naming the property and the package that provides the default.
 */
@Component
class ReportPdf {

    private static final Color HEADER = new Color(0xD9, 0xD9, 0xD9);

    private final ReportProperties properties;

    ReportPdf(ReportProperties properties) {
        this.properties = properties;
    }

    byte[] write(ReportContent content, String generatedAt, String contentHash) {
        BaseFont base = font();
        Font title = new Font(base, 16, Font.BOLD);
        Font heading = new Font(base, 12, Font.BOLD);
        Font text = new Font(base, 9);
        Font small = new Font(base, 8, Font.NORMAL, Color.DARK_GRAY);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Document pdf = new Document(PageSize.A4.rotate(), 36, 36, 36, 36);
        PdfWriter.getInstance(pdf, out);
        pdf.addTitle(content.title());
        pdf.open();
        pdf.add(new Paragraph(content.title(), title));
        pdf.add(new Paragraph("期间 Period " + content.from() + " – " + content.to() + "，截至 as of the end of "
                + content.asOf() + "；生成 generated " + generatedAt, small));
        pdf.add(new Paragraph("SHA-256 " + contentHash, small));
        for (ReportContent.Section section : content.sections()) {
            Paragraph head = new Paragraph(section.title(), heading);
            head.setSpacingBefore(12);
            head.setSpacingAfter(6);
            pdf.add(head);
            pdf.add(table(section, text));
        }
        pdf.close();
        return out.toByteArray();
    }

    private static PdfPTable table(ReportContent.Section section, Font text) {
        PdfPTable table = new PdfPTable(section.columns().size());
        table.setWidthPercentage(100);
        table.setHeaderRows(1);
        for (String column : section.columns()) {
            PdfPCell cell = new PdfPCell(new Phrase(column, text));
            cell.setBackgroundColor(HEADER);
            table.addCell(cell);
        }
        if (section.rows().isEmpty()) {
            PdfPCell none = new PdfPCell(new Phrase("无 none", text));
            none.setColspan(section.columns().size());
            table.addCell(none);
        }
        for (List<Object> row : section.rows()) {
            for (Object value : row) {
                PdfPCell cell = new PdfPCell(new Phrase(String.valueOf(value), text));
                if (value instanceof Number) {
                    cell.setHorizontalAlignment(Element.ALIGN_RIGHT);
                }
                table.addCell(cell);
            }
        }
        return table;
    }

    private BaseFont font() {
        if (!Files.isRegularFile(Path.of(properties.fontFile()))) {
            throw new IllegalStateException("The reports' PDF font " + properties.fontFile()
                    + " is missing: install Debian's fonts-noto-cjk, or set closeout.reports.pdf-font to a font"
                    + " file that covers Chinese (a .ttc with ',n' for its n-th face)");
        }
        try {
            return BaseFont.createFont(properties.pdfFont(), BaseFont.IDENTITY_H, BaseFont.EMBEDDED);
        } catch (Exception e) {
            throw new IllegalStateException("closeout.reports.pdf-font " + properties.pdfFont()
                    + " could not be read as a font: " + e.getMessage(), e);
        }
    }
}
