package dev.closeout.application.spreadsheet;

import com.fasterxml.jackson.databind.JsonNode;
import dev.closeout.application.support.ApiClient;
import dev.closeout.application.support.ApiClient.FilePart;
import dev.closeout.application.support.Eventually;
import dev.closeout.application.support.IntegrationTest;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.SheetVisibility;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.xssf.usermodel.XSSFCellStyle;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** A 清单 imported from a workbook or CSV, and ledgers and scorecards exported as workbooks. */
class SpreadsheetApiTest extends IntegrationTest {

    private static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    private static final List<String> HEADERS = List.of("序号", "任务名称", "牵头单位", "配合单位", "责任领导", "完成时限",
            "来源", "任务描述");

    private ApiClient.Response importXlsx(String ledger, byte[] workbook) {
        return supervisor.postBytes(ledgerPath(ledger) + "/import", XLSX, workbook);
    }

    private ApiClient.Response importFile(String ledger, String fileName, byte[] bytes) {
        return supervisor.upload(ledgerPath(ledger) + "/import",
                List.of(new FilePart("file", fileName, "application/octet-stream", bytes)));
    }

    /**
     * A 清单 of {@code rows} tasks under a title row and the header (row 2), so task {@code n} is on
     * row {@code n + 2}; due dates are date cells, except where {@code text} writes the cell as text.
     */
    private static byte[] sheet(int rows, Map<Integer, Map<String, String>> text) throws IOException {
        try (XSSFWorkbook workbook = new XSSFWorkbook()) {
            Sheet sheet = workbook.createSheet("清单");
            sheet.createRow(0).createCell(0).setCellValue("2026年 三抓三促 行动清单台账");
            sheet.addMergedRegion(new CellRangeAddress(0, 0, 0, HEADERS.size() - 1));
            Row header = sheet.createRow(1);
            for (int i = 0; i < HEADERS.size(); i++) {
                header.createCell(i).setCellValue(HEADERS.get(i));
            }
            CellStyle date = workbook.createCellStyle();
            date.setDataFormat(workbook.createDataFormat().getFormat("yyyy\"年\"m\"月\"d\"日\""));
            for (int n = 1; n <= rows; n++) {
                Row row = sheet.createRow(n + 1);
                row.createCell(0).setCellValue(n);
                row.createCell(1).setCellValue("任务 " + n);
                row.createCell(2).setCellValue(n % 2 == 0 ? "DEPT-A" : "DEPT-B");
                row.createCell(3).setCellValue("财政局、发改局");
                row.createCell(4).setCellValue("王副区长");
                Cell due = row.createCell(5);
                due.setCellValue(LocalDate.of(2026, 6, 30).plusDays(n % 90));
                due.setCellStyle(date);
                row.createCell(6).setCellValue("市级交办");
                row.createCell(7).setCellValue("第 " + n + " 项");
                for (Map.Entry<String, String> cell : text.getOrDefault(n, Map.of()).entrySet()) {
                    row.getCell(HEADERS.indexOf(cell.getKey())).setCellValue(cell.getValue());
                }
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            workbook.write(out);
            return out.toByteArray();
        }
    }

    /** The workbook with {@code change} made to its first sheet. */
    private static byte[] changed(byte[] workbook, java.util.function.Consumer<Sheet> change) throws IOException {
        try (XSSFWorkbook book = new XSSFWorkbook(new ByteArrayInputStream(workbook))) {
            change.accept(book.getSheetAt(0));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            book.write(out);
            return out.toByteArray();
        }
    }

    /** The workbook with {@code from} replaced by {@code to} in its first sheet's XML, as no spreadsheet program writes. */
    private static byte[] craftedSheet(byte[] workbook, String from, String to) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(workbook));
             ZipOutputStream zip = new ZipOutputStream(out)) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                byte[] bytes = in.readAllBytes();
                if (entry.getName().equals("xl/worksheets/sheet1.xml")) {
                    String xml = new String(bytes, StandardCharsets.UTF_8);
                    assertThat(xml).contains(from);
                    bytes = xml.replace(from, to).getBytes(StandardCharsets.UTF_8);
                }
                zip.putNextEntry(new ZipEntry(entry.getName()));
                zip.write(bytes);
                zip.closeEntry();
            }
        }
        return out.toByteArray();
    }

    /**
     * An import reads columns A to IV. A value further right is refused naming its cell, a cell whose reference names
     * a column past what Excel has (which made the reader pad every row to two billion cells) too, and nothing is
     * registered; a title merged across the whole row, as a clerk may merge it, is read as before.
     */
    @Test
    void a_value_beyond_column_iv_or_in_a_crafted_column_is_refused_and_a_title_merged_across_the_row_is_read()
            throws IOException {
        String ledger = uniqueLedger("清单 columns");
        long before = storedEvents();
        byte[] farRight = changed(sheet(2, Map.of()), sheet -> sheet.getRow(2).createCell(16_383).setCellValue("备注"));

        ApiClient.Response refused = importXlsx(ledger, farRight);
        ApiClient.Response crafted = importXlsx(ledger, craftedSheet(farRight, "r=\"XFD3\"", "r=\"FXSHRXW3\""));

        assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
        assertThat(refused.json().get("detail").asText()).contains("XFD3", "columns A to IV");
        assertThat(crafted.status()).as(crafted.toString()).isEqualTo(400);
        assertThat(crafted.json().get("detail").asText()).contains("FXSHRXW3");
        assertThat(storedEvents()).isEqualTo(before);

        byte[] wideTitle = changed(sheet(2, Map.of()), sheet -> {
            sheet.removeMergedRegion(0);
            sheet.addMergedRegion(new CellRangeAddress(0, 0, 0, 16_383));
        });
        assertRegistered(importXlsx(ledger, wideTitle), 2);
    }

    /** The task as the API shows it, once its view has it (an import may answer before: 202). */
    private JsonNode task(String id) {
        return Eventually.until(Duration.ofSeconds(60), () -> supervisor.get("/api/tasks/" + id),
                r -> r.status() == 200).json();
    }

    /** 201, or 202 when the task views have not shown every registered task within the import's wait. */
    private static void assertRegistered(ApiClient.Response imported, int tasks) {
        assertThat(imported.status()).as(imported.body()).isIn(201, 202);
        assertThat(imported.json().get("registered").asInt()).isEqualTo(tasks);
        assertThat(imported.json().get("alreadyPresent").asInt()).isEqualTo(0);
    }

    private JsonNode awaitRegistered(String ledger, long registered) {
        return Eventually.until(Duration.ofSeconds(60), () -> supervisor.get(ledgerPath(ledger)),
                r -> r.status() == 200 && r.json().get("registered").asLong() == registered).json();
    }

    @Test
    void a_sheet_with_bad_rows_registers_nothing_then_registers_every_row_once_however_often_imported()
            throws IOException {
        String ledger = uniqueLedger("清单 1000");
        long before = storedEvents();
        ApiClient.Response refused = importXlsx(ledger, sheet(1_000, Map.of(
                17, Map.of("任务名称", " "),
                402, Map.of("完成时限", "6月底前"),
                998, Map.of("来源", "县里交办"))));

        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(refused.contentType()).isEqualTo("application/problem+json");
        assertThat(refused.json().get("field").asText()).isEqualTo("file");
        assertThat(refused.json().get("problemCount").asInt()).isEqualTo(3);
        List<String> problems = new ArrayList<>();
        refused.json().get("problems").forEach(p -> problems.add(p.get("row").asInt() + " " + p.get("cell").asText()
                + " " + p.get("column").asText() + ": " + p.get("message").asText()));
        assertThat(problems).hasSize(3);
        assertThat(problems.get(0)).startsWith("19 B19 任务名称: must not be blank");
        assertThat(problems.get(1)).startsWith("404 F404 完成时限: 「6月底前」 names no year");
        assertThat(problems.get(2)).startsWith("1000 G1000 来源: 「县里交办」 is not a source");
        assertThat(storedEvents()).as("nothing registered").isEqualTo(before);

        byte[] corrected = sheet(1_000, Map.of(402, Map.of("完成时限", "2026年6月底前")));
        ApiClient.Response imported = importXlsx(ledger, corrected);
        assertRegistered(imported, 1_000);
        JsonNode summary = awaitRegistered(ledger, 1_000);
        assertThat(summary.get("departments")).hasSize(2);

        JsonNode row402 = imported.json().get("rows").get(401);
        assertThat(row402.get("row").asInt()).isEqualTo(404);
        JsonNode task = task(row402.get("taskId").asText());
        assertThat(task.get("dueDate").asText()).isEqualTo("2026-06-30");
        assertThat(task.get("source").asText()).isEqualTo("CITY_ASSIGNMENT");
        assertThat(task.get("supportingDepartments").toString()).isEqualTo("[\"财政局\",\"发改局\"]");
        assertThat(task.get("responsibleLeader").asText()).isEqualTo("王副区长");

        long afterFirst = storedEvents();
        ApiClient.Response again = importXlsx(ledger, corrected);
        assertThat(again.status()).as(again.body()).isEqualTo(200);
        assertThat(again.json().get("registered").asInt()).isEqualTo(0);
        assertThat(again.json().get("alreadyPresent").asInt()).isEqualTo(1_000);
        assertThat(storedEvents()).isEqualTo(afterFirst);
        assertThat(supervisor.get(ledgerPath(ledger)).json().get("registered").asLong()).isEqualTo(1_000);
    }

    @Test
    void a_csv_with_chinese_headers_is_imported_as_excel_saves_it_in_gbk_or_utf8() {
        String ledger = uniqueLedger("清单 CSV");
        String csv = "序号,任务名称,牵头单位,配合单位,责任领导,完成时限,来源,任务描述\r\n"
                + "1,城区供热管网改造,DEPT-A,\"财政局,发改局\",王副区长,2026/6/30,省上督办,\"完成改造12公里，\r\n分两期\"\r\n"
                + "2,背街小巷整治,DEPT-B,,,2026年7月1日,,\r\n"
                + ",,,,,,,\r\n"
                + "3,农贸市场提升,DEPT-A,住建局；城管局,,2026年9月底,督查发现,\r\n";
        ApiClient.Response gbk = supervisor.postBytes(ledgerPath(ledger) + "/import", "text/csv",
                csv.getBytes(Charset.forName("GB18030")));
        assertRegistered(gbk, 3);

        Map<Integer, JsonNode> byRow = new HashMap<>();
        gbk.json().get("rows").forEach(r -> byRow.put(r.get("row").asInt(), task(r.get("taskId").asText())));
        assertThat(byRow.keySet()).containsExactlyInAnyOrder(2, 3, 5);
        assertThat(byRow.get(2).get("description").asText()).isEqualTo("完成改造12公里，\n分两期");
        assertThat(byRow.get(2).get("supportingDepartments").toString()).isEqualTo("[\"财政局\",\"发改局\"]");
        assertThat(byRow.get(2).get("source").asText()).isEqualTo("PROVINCIAL_SUPERVISION");
        assertThat(byRow.get(3).get("dueDate").asText()).isEqualTo("2026-07-01");
        assertThat(byRow.get(3).get("source").asText()).isEqualTo("SELF_IDENTIFIED");
        assertThat(byRow.get(5).get("dueDate").asText()).isEqualTo("2026-09-30");
        assertThat(byRow.get(5).get("source").asText()).isEqualTo("INSPECTION");

        byte[] utf8 = ("\uFEFF" + csv).getBytes(StandardCharsets.UTF_8);
        ApiClient.Response again = importFile(ledger, "清单.csv", utf8);
        assertThat(again.status()).as(again.body()).isEqualTo(200);
        assertThat(again.json().get("alreadyPresent").asInt()).isEqualTo(3);
    }

    @Test
    void the_template_has_the_headers_frozen_and_imports_once_filled_in() throws IOException {
        String ledger = uniqueLedger("清单 模板");
        ApiClient.BytesResponse template = auditor.getBytes(ledgerPath(ledger) + "/import-template.xlsx");
        assertThat(template.status()).isEqualTo(200);
        assertThat(template.header("Content-Type")).isEqualTo(XLSX);
        try (XSSFWorkbook workbook = new XSSFWorkbook(new ByteArrayInputStream(template.body()))) {
            Sheet form = workbook.getSheetAt(0);
            List<String> headers = new ArrayList<>();
            form.getRow(0).forEach(c -> headers.add(c.getStringCellValue()));
            assertThat(headers.subList(0, HEADERS.size())).as("the first columns as before").isEqualTo(HEADERS);
            assertThat(headers.subList(HEADERS.size(), headers.size()))
                    .containsExactly("类别", "阶段目标", "转办层级", "转办单位", "文号", "反馈时限");
            assertThat(form.getPaneInformation().isFreezePane()).isTrue();
            assertThat(form.getPaneInformation().getHorizontalSplitPosition()).isEqualTo((short) 1);
            assertThat(workbook.getSheetAt(1).getRow(1).getCell(0).getStringCellValue()).isEqualTo("序号");

            Row row = form.createRow(1);
            row.createCell(1).setCellValue("模板里填的任务");
            row.createCell(2).setCellValue("DEPT-A");
            row.createCell(5).setCellValue(LocalDate.of(2026, 12, 31));
            row.getCell(5).setCellStyle(form.getColumnStyle(5));
            ByteArrayOutputStream filled = new ByteArrayOutputStream();
            workbook.write(filled);
            ApiClient.Response imported = importFile(ledger, "模板.xlsx", filled.toByteArray());
            assertRegistered(imported, 1);
            String id = imported.json().get("rows").get(0).get("taskId").asText();
            assertThat(task(id).get("dueDate").asText()).isEqualTo("2026-12-31");
        }
    }

    @Test
    void category_milestones_and_referral_columns_are_imported_checked_whole_and_exported_at_the_end()
            throws IOException {
        String ledger = uniqueLedger("清单 节点 转办");
        LocalDate today = today();
        List<String> header = List.of("序号", "任务名称", "牵头单位", "完成时限", "类别", "节点/阶段目标", "转办层级",
                "Referring body", "文号", "反馈时限");
        String documentNumber = "甘督字〔2026〕" + Math.abs(ledger.hashCode()) + "号";
        List<String> referred = List.of("1", "G312 线拓宽改造", "DEPT-A", today.plusDays(290).toString(), "项目建设",
                today.plusDays(20) + " 一季度目标; " + today.plusDays(110) + "：二季度目标", "省", "省委督查室",
                documentNumber, today.plusDays(80).toString());
        List<String> plain = List.of("2", "背街小巷整治", "DEPT-B", today.plusDays(200).toString(), "", "", "", "", "",
                "");
        List<String> badDate = List.of("3", "农贸市场提升", "DEPT-A", today.plusDays(200).toString(), "民生实事",
                today.plusDays(30) + " 一季度目标\n2026-13-01 二季度目标", "市", "市信访局", "市访转〔2026〕3号",
                today.plusDays(60).toString());
        long before = storedEvents();

        ApiClient.Response refused = importXlsx(ledger, textSheet(header, List.of(referred, plain, badDate)));
        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(refused.json().get("problemCount").asInt()).isEqualTo(1);
        JsonNode problem = refused.json().get("problems").get(0);
        assertThat(problem.get("cell").asText() + " " + problem.get("column").asText() + ": "
                + problem.get("message").asText()).startsWith("F4 节点/阶段目标: milestone 2 「2026-13-01」");
        assertThat(storedEvents()).as("nothing registered").isEqualTo(before);

        List<String> fixed = new ArrayList<>(badDate);
        fixed.set(5, today.plusDays(30) + " 一季度目标\n" + today.plusDays(120) + " 二季度目标");
        ApiClient.Response imported = importXlsx(ledger, textSheet(header, List.of(referred, plain, fixed)));
        assertRegistered(imported, 3);
        String id = imported.json().get("rows").get(0).get("taskId").asText();
        JsonNode task = task(id);
        assertThat(task.get("category").asText()).isEqualTo("项目建设");
        assertThat(task.get("milestones")).extracting(m -> m.get("milestoneId").asText() + " "
                + m.get("title").asText() + " " + m.get("dueDate").asText())
                .containsExactly("M1 一季度目标 " + today.plusDays(20), "M2 二季度目标 " + today.plusDays(110));
        assertThat(task.get("referral").get("level").asText()).isEqualTo("PROVINCE");
        assertThat(task.get("referral").get("referringBody").asText()).isEqualTo("省委督查室");
        assertThat(task.get("referral").get("documentNumber").asText()).isEqualTo(documentNumber);
        assertThat(task.get("referral").get("reportBackDue").asText()).isEqualTo(today.plusDays(80).toString());
        assertThat(deptA.post("/api/tasks/" + id + "/claim", Map.of()).status()).isEqualTo(200);
        assertThat(deptA.post("/api/tasks/" + id + "/milestones/M1/report", Map.of("evidence", "征地协议")).status())
                .isEqualTo(200);
        assertThat(supervisor.post("/api/tasks/" + id + "/milestones/M1/confirm", Map.of()).status()).isEqualTo(200);
        awaitRegistered(ledger, 3);
        Eventually.until(Duration.ofSeconds(60), () -> supervisor.get(ledgerPath(ledger) + "/entries").json(),
                entries -> entries.size() == 3 && entries.findValuesAsText("status").contains("MET"));

        ApiClient.BytesResponse export = auditor.getBytes(ledgerPath(ledger) + "/entries.xlsx");
        assertThat(export.status()).isEqualTo(200);
        try (Workbook workbook = new XSSFWorkbook(new ByteArrayInputStream(export.body()))) {
            Sheet entries = workbook.getSheetAt(0);
            List<String> exported = new ArrayList<>();
            entries.getRow(0).forEach(c -> exported.add(c.getStringCellValue()));
            assertThat(exported.subList(0, 6)).as("the first columns as before").containsExactly("事项编号 Task id",
                    "台账 Ledger", "事项 Title", "责任单位 Lead department", "配合单位 Supporting departments",
                    "责任领导 Responsible leader");
            assertThat(exported.subList(exported.size() - 6, exported.size())).containsExactly("曾逾期 Ever overdue",
                    "类别 Category", "节点已完成 Milestones met", "节点总数 Milestones",
                    "转办文号 Referral document number", "反馈状态 Report-back");
            DataFormatter text = new DataFormatter();
            Map<String, List<String>> rows = new HashMap<>();
            for (int r = 1; r <= entries.getLastRowNum(); r++) {
                List<String> cells = new ArrayList<>();
                for (int c = exported.size() - 5; c < exported.size(); c++) {
                    cells.add(text.formatCellValue(entries.getRow(r).getCell(c)));
                }
                rows.put(text.formatCellValue(entries.getRow(r).getCell(exported.indexOf("事项 Title"))), cells);
            }
            assertThat(rows).containsEntry("G312 线拓宽改造", List.of("项目建设", "1", "2", documentNumber, "AWAITING"))
                    .containsEntry("背街小巷整治", List.of("", "", "", "", ""))
                    .containsEntry("农贸市场提升", List.of("民生实事", "0", "2", "市访转〔2026〕3号", "AWAITING"));
        }
        assertThat(auditor.get(ledgerPath(ledger) + "/entries.csv").body().lines().findFirst().orElseThrow())
                .endsWith(",曾逾期 Ever overdue,类别 Category,节点已完成 Milestones met,节点总数 Milestones,"
                        + "转办文号 Referral document number,反馈状态 Report-back");
    }

    /** A sheet of text cells: {@code header}, then each row. */
    private static byte[] textSheet(List<String> header, List<List<String>> rows) throws IOException {
        try (XSSFWorkbook workbook = new XSSFWorkbook()) {
            List<List<String>> all = new ArrayList<>(List.of(header));
            all.addAll(rows);
            fill(workbook.createSheet("清单"), all);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            workbook.write(out);
            return out.toByteArray();
        }
    }

    /** {@code rows} written as text cells from A1. */
    private static void fill(Sheet sheet, List<List<String>> rows) {
        for (int r = 0; r < rows.size(); r++) {
            Row row = sheet.createRow(r);
            for (int c = 0; c < rows.get(r).size(); c++) {
                row.createCell(c).setCellValue(rows.get(r).get(c));
            }
        }
    }

    /** The titles of the tasks an import registered, as the API shows them. */
    private List<String> registeredTitles(ApiClient.Response imported) {
        List<String> titles = new ArrayList<>();
        imported.json().get("rows").forEach(r -> titles.add(task(r.get("taskId").asText()).get("title").asText()));
        return titles;
    }

    /**
     * A hidden tab (last year's list, a lookup sheet) is not the list the user sees: the first visible worksheet is
     * read, whatever is hidden before it.
     */
    @Test
    void the_first_visible_sheet_is_imported_not_a_hidden_one_before_it() throws IOException {
        String ledger = uniqueLedger("清单 hidden tab");
        List<String> header = List.of("序号", "任务名称", "牵头单位", "完成时限");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (XSSFWorkbook workbook = new XSSFWorkbook()) {
            fill(workbook.createSheet("2025 清单"), List.of(header, List.of("1", "去年的任务", "DEPT-A", "2025-12-31")));
            fill(workbook.createSheet("代码表"), List.of(header, List.of("1", "代码表里的任务", "DEPT-B", "2026-12-31")));
            fill(workbook.createSheet("2026 清单"), List.of(header, List.of("1", "今年的任务一", "DEPT-A", "2026-10-31"),
                    List.of("2", "今年的任务二", "DEPT-B", "2026-11-30")));
            workbook.setActiveSheet(2);
            workbook.setFirstVisibleTab(2);
            workbook.setSheetVisibility(0, SheetVisibility.HIDDEN);
            workbook.setSheetVisibility(1, SheetVisibility.VERY_HIDDEN);
            workbook.write(out);
        }

        ApiClient.Response imported = importXlsx(ledger, out.toByteArray());

        assertRegistered(imported, 2);
        assertThat(registeredTitles(imported)).containsExactly("今年的任务一", "今年的任务二");
    }

    @Test
    void a_lead_department_merged_down_the_rows_of_its_tasks_leads_each_of_them() throws IOException {
        String ledger = uniqueLedger("清单 merged");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (XSSFWorkbook workbook = new XSSFWorkbook()) {
            Sheet sheet = workbook.createSheet();
            Row header = sheet.createRow(0);
            List.of("牵头单位 Lead department", "任务名称 Title", "完成时限 Due date", "备注")
                    .forEach(h -> header.createCell(header.getPhysicalNumberOfCells()).setCellValue(h));
            for (int n = 1; n <= 3; n++) {
                Row row = sheet.createRow(n);
                row.createCell(1).setCellValue("合并 " + n);
                row.createCell(2).setCellValue("2026/10/" + n);
            }
            sheet.getRow(1).createCell(0).setCellValue("DEPT-B");
            sheet.addMergedRegion(new CellRangeAddress(1, 3, 0, 0));
            workbook.write(out);
        }
        ApiClient.Response imported = importFile(ledger, "merged.xlsx", out.toByteArray());
        assertRegistered(imported, 3);
        for (JsonNode row : imported.json().get("rows")) {
            assertThat(task(row.get("taskId").asText()).get("leadDepartment").asText()).isEqualTo("DEPT-B");
        }
    }

    /** A workbook of one sheet of text cells, {@code rows} from A1, with the merges named ({@code "B1:C1"}). */
    private static byte[] mergedSheet(List<List<String>> rows, String... merges) throws IOException {
        try (XSSFWorkbook workbook = new XSSFWorkbook()) {
            Sheet sheet = workbook.createSheet("清单");
            fill(sheet, rows);
            for (String merge : merges) {
                sheet.addMergedRegion(CellRangeAddress.valueOf(merge));
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            workbook.write(out);
            return out.toByteArray();
        }
    }

    /** A header cell merged across two columns (a wide 任务名称) heads the first of them, not both. */
    @Test
    void a_header_merged_across_two_columns_heads_its_first_column() throws IOException {
        String ledger = uniqueLedger("清单 wide title");
        byte[] workbook = mergedSheet(List.of(
                List.of("序号", "任务名称", "", "牵头单位", "完成时限"),
                List.of("1", "城区供热管网改造", "", "DEPT-A", "2026-10-31"),
                List.of("2", "背街小巷整治", "", "DEPT-B", "2026-11-30")), "B1:C1", "B2:C2", "B3:C3");

        ApiClient.Response imported = importXlsx(ledger, workbook);

        assertRegistered(imported, 2);
        assertThat(registeredTitles(imported)).containsExactly("城区供热管网改造", "背街小巷整治");
    }

    /**
     * The common two-level header: 责任单位 merged over 牵头单位 | 配合单位 in the row below, the other headers merged
     * down both rows or written in the upper one only. The two rows are read as one header; the tasks start below.
     */
    @Test
    void a_header_of_two_rows_with_a_group_merged_over_its_columns_is_read_as_one() throws IOException {
        String ledger = uniqueLedger("清单 two-level header");
        byte[] workbook = mergedSheet(List.of(
                List.of("序号", "任务名称", "责任单位", "", "完成时限"),
                List.of("", "", "牵头单位", "配合单位", ""),
                List.of("1", "城区供热管网改造", "DEPT-A", "财政局、发改局", "2026-10-31"),
                List.of("2", "背街小巷整治", "DEPT-B", "", "2026-11-30")), "A1:A2", "C1:D1", "E1:E2");

        ApiClient.Response imported = importXlsx(ledger, workbook);

        assertRegistered(imported, 2);
        assertThat(imported.json().get("rows")).extracting(r -> r.get("row").asInt()).containsExactly(3, 4);
        List<String> tasks = new ArrayList<>();
        imported.json().get("rows").forEach(r -> {
            JsonNode task = task(r.get("taskId").asText());
            tasks.add(task.get("title").asText() + " " + task.get("leadDepartment").asText() + " "
                    + task.get("supportingDepartments"));
        });
        assertThat(tasks).containsExactly("城区供热管网改造 DEPT-A [\"财政局\",\"发改局\"]", "背街小巷整治 DEPT-B []");
    }

    /**
     * A ledger's own export lists tasks registered already, with their ids, and has no 序号 to key its rows: imported,
     * it would register them a second time. It is refused naming its task id column and the template to use instead.
     */
    @Test
    void a_ledgers_own_export_imported_is_refused_naming_its_task_id_column_and_the_template() {
        String ledger = uniqueLedger("台账 export again");
        assertThat(supervisor.post("/api/tasks", Map.of("ledger", ledger, "title", "背街小巷环境整治",
                "leadDepartment", "DEPT-A", "dueDate", today().plusDays(30).toString())).status()).isEqualTo(201);
        awaitRegistered(ledger, 1);
        ApiClient.BytesResponse csv = auditor.getBytes(ledgerPath(ledger) + "/entries.csv");
        ApiClient.BytesResponse xlsx = auditor.getBytes(ledgerPath(ledger) + "/entries.xlsx");
        assertThat(csv.status()).isEqualTo(200);
        assertThat(xlsx.status()).isEqualTo(200);
        long before = storedEvents();

        Map<String, ApiClient.Response> answers = Map.of(
                "csv", supervisor.postBytes(ledgerPath(ledger) + "/import", "text/csv", csv.body()),
                "xlsx", importFile(ledger, ledger + ".xlsx", xlsx.body()));

        answers.forEach((kind, refused) -> {
            assertThat(refused.status()).as(kind + ": " + refused.body()).isEqualTo(400);
            assertThat(refused.contentType()).isEqualTo("application/problem+json");
            assertThat(refused.json().get("field").asText()).isEqualTo("file");
            assertThat(refused.json().get("detail").asText()).as(kind)
                    .startsWith("Column A, 事项编号 Task id, holds task ids: the sheet is a ledger export")
                    .contains("import-template.xlsx")
                    .doesNotContain("lacks");
            assertThat(refused.json().get("cell").asText()).isEqualTo("A1");
            assertThat(refused.json().get("column").asText()).isEqualTo("事项编号 Task id");
        });
        assertThat(storedEvents()).as("nothing registered").isEqualTo(before);
    }

    @Test
    void the_ledger_as_a_workbook_fills_each_colour_cell_and_carries_the_figures() throws IOException {
        String ledger = uniqueLedger("作战图 xlsx");
        LocalDate today = today();
        for (LocalDate due : List.of(today.minusDays(1), today.plusDays(1), today.plusDays(60))) {
            assertThat(supervisor.post("/api/tasks", Map.of("ledger", ledger, "title", "=HYPERLINK(\"x\") " + due,
                    "leadDepartment", "DEPT-A", "dueDate", due.toString())).status()).isEqualTo(201);
        }
        JsonNode summary = awaitRegistered(ledger, 3);
        Map<String, String> colours = new HashMap<>();
        supervisor.get(ledgerPath(ledger) + "/entries").json()
                .forEach(t -> colours.put(t.get("taskId").asText(), t.get("colour").asText()));
        assertThat(colours.values()).containsExactlyInAnyOrder("RED", "YELLOW", "BLUE");

        ApiClient.BytesResponse export = deptA.getBytes(ledgerPath(ledger) + "/entries.xlsx");
        assertThat(export.status()).isEqualTo(200);
        assertThat(export.header("Content-Type")).isEqualTo(XLSX);
        try (Workbook workbook = new XSSFWorkbook(new ByteArrayInputStream(export.body()))) {
            Sheet entries = workbook.getSheetAt(0);
            assertThat(entries.getPaneInformation().isFreezePane()).isTrue();
            int colour = headerIndex(entries, "颜色 Colour");
            int title = headerIndex(entries, "事项 Title");
            assertThat(entries.getLastRowNum()).isEqualTo(3);
            Map<String, String> fills = Map.of("RED", "FFC7CE", "YELLOW", "FFEB9C", "BLUE", "BDD7EE");
            for (int r = 1; r <= 3; r++) {
                Row row = entries.getRow(r);
                String expected = colours.get(row.getCell(0).getStringCellValue());
                assertThat(row.getCell(colour).getStringCellValue()).isEqualTo(expected);
                XSSFCellStyle style = (XSSFCellStyle) row.getCell(colour).getCellStyle();
                assertThat(style.getFillForegroundXSSFColor().getARGBHex()).endsWith(fills.get(expected));
                assertThat(row.getCell(title).getCellType().name()).as("text, never a formula").isEqualTo("STRING");
            }
            Sheet figures = workbook.getSheetAt(1);
            DataFormatter text = new DataFormatter();
            Row all = figures.getRow(1);
            assertThat(text.formatCellValue(all.getCell(0))).isEqualTo("合计 All");
            assertThat(all.getCell(headerIndex(figures, "登记 Registered")).getNumericCellValue()).isEqualTo(3);
            assertThat(all.getCell(headerIndex(figures, "逾期 Overdue")).getNumericCellValue())
                    .isEqualTo(summary.get("overdue").asDouble());
            assertThat(all.getCell(headerIndex(figures, "红 Red")).getNumericCellValue()).isEqualTo(1);
            assertThat(all.getCell(headerIndex(figures, "黄 Yellow")).getNumericCellValue()).isEqualTo(1);
            assertThat(text.formatCellValue(figures.getRow(2).getCell(0))).isEqualTo("DEPT-A");
        }

        assertThat(deptA.getBytes(ledgerPath(uniqueLedger("no such ledger")) + "/entries.xlsx").status()).isEqualTo(404);
    }

    @Test
    void the_scorecard_as_a_workbook_ranks_departments_with_the_period_on_a_second_sheet() throws IOException {
        ApiClient.BytesResponse export = auditor.getBytes("/api/scorecards.xlsx?quarter=2026Q2");
        assertThat(export.status()).isEqualTo(200);
        try (Workbook workbook = new XSSFWorkbook(new ByteArrayInputStream(export.body()))) {
            Sheet ranking = workbook.getSheetAt(0);
            assertThat(ranking.getRow(0).getCell(2).getStringCellValue()).isEqualTo("单位 Department");
            assertThat(headerIndex(ranking, "应答复 Reply due")).as("响应率's denominator beside it")
                    .isEqualTo(headerIndex(ranking, "答复 Replied") + 1);
            assertThat(ranking.getPaneInformation().isFreezePane()).isTrue();
            Sheet period = workbook.getSheetAt(1);
            assertThat(period.getRow(1).getCell(1).getLocalDateTimeCellValue().toLocalDate())
                    .isEqualTo(LocalDate.of(2026, 4, 1));
        }
        ApiClient.BytesResponse bad = auditor.getBytes("/api/scorecards.xlsx?quarter=2026Q5");
        assertThat(bad.status()).isEqualTo(400);
    }

    @Test
    void a_file_that_is_no_sheet_of_tasks_is_refused_naming_the_problem() throws IOException {
        String ledger = uniqueLedger("清单 refusals");
        String path = ledgerPath(ledger) + "/import";
        Map<String, ApiClient.Response> answers = new HashMap<>();
        answers.put("png", importFile(ledger, "photo.png", new byte[]{(byte) 0x89, 'P', 'N', 'G', 0, 0, 0, 13}));
        answers.put("xls", importFile(ledger, "old.xls", new byte[]{(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0, 0}));
        answers.put("zip", importFile(ledger, "fake.xlsx", new byte[]{'P', 'K', 3, 4, 1, 2, 3}));
        byte[] allHidden = changed(textSheet(List.of("任务名称", "牵头单位", "完成时限"),
                List.of(List.of("修路", "DEPT-A", "2026-06-30"))),
                sheet -> sheet.getWorkbook().setSheetVisibility(0, SheetVisibility.HIDDEN));
        answers.put("all hidden", importFile(ledger, "hidden.xlsx", allHidden));
        answers.put("empty", supervisor.postBytes(path, "text/csv", new byte[0]));
        answers.put("no part", supervisor.upload(path, List.of(new FilePart("sheet", "a.csv", "text/csv", new byte[]{'a'}))));
        answers.put("no header", supervisor.postBytes(path, "text/csv", "a,b\n1,2\n".getBytes(StandardCharsets.UTF_8)));
        answers.put("no due date", supervisor.postBytes(path, "text/csv",
                "任务名称,牵头单位\n修路,DEPT-A\n".getBytes(StandardCharsets.UTF_8)));
        answers.put("header only", supervisor.postBytes(path, "text/csv",
                "任务名称,牵头单位,完成时限\n".getBytes(StandardCharsets.UTF_8)));
        answers.put("json", supervisor.post(path, Map.of("title", "x")));
        answers.put("department", deptA.postBytes(path, "text/csv",
                "任务名称,牵头单位,完成时限\n修路,DEPT-A,2026-06-30\n".getBytes(StandardCharsets.UTF_8)));
        answers.put("too many rows", supervisor.postBytes(path, "text/csv", ("任务名称,牵头单位,完成时限\n"
                + "修路,DEPT-A,2026-06-30\n".repeat(5_001)).getBytes(StandardCharsets.UTF_8)));

        Map<String, String> seen = new HashMap<>();
        answers.forEach((name, answer) -> {
            assertThat(answer.contentType()).as(name + ": " + answer).isEqualTo("application/problem+json");
            seen.put(name, answer.status() + " " + answer.json().get("detail").asText());
        });
        assertThat(seen.get("png")).isEqualTo("400 The file is neither an .xlsx workbook nor CSV text.");
        assertThat(seen.get("xls")).startsWith("415 The file is an Excel 97–2003 workbook");
        assertThat(seen.get("zip")).startsWith("400 The file is not an .xlsx workbook");
        assertThat(seen.get("all hidden")).startsWith("400 Every worksheet of the workbook is hidden");
        assertThat(seen.get("empty")).isEqualTo("400 The file is empty.");
        assertThat(seen.get("no part")).isEqualTo("400 The request has no part named file.");
        assertThat(seen.get("no header")).startsWith("400 The sheet has no header row");
        assertThat(seen.get("no due date")).isEqualTo("400 The header row (row 1) lacks the column 完成时限 (Due date).");
        assertThat(seen.get("header only")).startsWith("400 The sheet has no rows below its header");
        assertThat(seen.get("json")).startsWith("415");
        assertThat(seen.get("department")).startsWith("403");
        assertThat(seen.get("too many rows")).startsWith("413 The sheet has more than 5000 rows");
        assertThat(supervisor.get(ledgerPath(ledger)).status()).isEqualTo(404);
    }

    private static int headerIndex(Sheet sheet, String header) {
        for (Cell cell : sheet.getRow(0)) {
            if (cell.getStringCellValue().equals(header)) {
                return cell.getColumnIndex();
            }
        }
        throw new AssertionError("no column " + header);
    }
}
