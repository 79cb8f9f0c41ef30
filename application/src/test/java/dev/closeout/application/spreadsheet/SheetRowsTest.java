package dev.closeout.application.spreadsheet;

import dev.closeout.domain.common.Actor;
import dev.closeout.domain.common.InvalidValueException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The optional columns a row is judged by, without the HTTP round trip (SpreadsheetApiTest has that). */
class SheetRowsTest {

    private static final List<String> HEADER = List.of("任务名称", "牵头单位", "完成时限", "类别", "阶段目标");

    @SafeVarargs
    private static List<SheetRows.Problem> problems(List<String>... rows) {
        List<RawSheet.Row> all = new ArrayList<>(List.of(new RawSheet.Row(1, HEADER)));
        for (List<String> row : rows) {
            all.add(new RawSheet.Row(all.size() + 1, row));
        }
        try {
            SheetRows.read(new RawSheet(all), "台账", Actor.supervisor("supervisor"), 100, category -> {
                if (category != null && !category.equals("项目建设")) {
                    throw new InvalidValueException("category", "must be one of 项目建设 (was " + category + ")");
                }
                return category;
            });
            return List.of();
        } catch (ImportRefusedException e) {
            @SuppressWarnings("unchecked")
            List<SheetRows.Problem> problems = (List<SheetRows.Problem>) e.getBody().getProperties().get("problems");
            return problems;
        }
    }

    @Test
    void a_milestone_after_the_tasks_due_date_and_a_category_off_the_list_are_named_by_cell() {
        assertThat(problems(List.of("修路", "DEPT-A", "2026-06-30", "旅游发展", "2026-09-30 三季度目标")))
                .extracting(p -> p.cell() + " " + p.message())
                .containsExactly("D2 must be one of 项目建设 (was 旅游发展)",
                        "E2 milestone 1 is due 2026-09-30, after the task's due date 2026-06-30");
    }

    @Test
    void a_due_date_that_cannot_be_read_is_named_alone_not_the_milestones_before_it() {
        assertThat(problems(List.of("修路", "DEPT-A", "6月底前", "项目建设", "2026-03-31 一季度目标")))
                .extracting(SheetRows.Problem::cell).containsExactly("C2");
    }

    @Test
    void a_referral_column_without_the_others_is_refused_naming_those_missing() {
        List<RawSheet.Row> rows = List.of(new RawSheet.Row(1, List.of("任务名称", "牵头单位", "完成时限", "文号")),
                new RawSheet.Row(2, List.of("修路", "DEPT-A", "2026-06-30", "甘督字〔2026〕1号")));
        assertThatThrownBy(() -> SheetRows.read(new RawSheet(rows), "台账", Actor.supervisor("supervisor"), 100,
                c -> c)).isInstanceOf(ImportRefusedException.class)
                .hasMessageContaining("转办层级 (Referral level), 转办单位 (Referring body), 反馈时限 (Report-back due)");
    }

    private static List<SheetRows.Entry> entries(List<List<String>> rows) {
        List<RawSheet.Row> all = new ArrayList<>();
        for (List<String> row : rows) {
            all.add(new RawSheet.Row(all.size() + 1, row));
        }
        return SheetRows.read(new RawSheet(all), "台账", Actor.supervisor("supervisor"), 100, c -> c);
    }

    @Test
    void a_header_of_two_rows_without_merges_as_a_csv_writes_it_is_read_as_one() {
        List<SheetRows.Entry> entries = entries(List.of(
                List.of("序号", "任务名称", "责任单位", "", "完成时限"),
                List.of("", "", "牵头单位", "配合单位", ""),
                List.of("1", "修路", "DEPT-A", "财政局", "2026-06-30")));

        assertThat(entries).extracting(e -> e.row() + " " + e.command().leadDepartment() + " "
                + e.command().supportingDepartments()).containsExactly("3 DEPT-A [财政局]");
    }

    @Test
    void a_bad_cell_below_a_header_of_two_rows_is_named_by_the_lower_header() {
        List<RawSheet.Row> rows = List.of(new RawSheet.Row(1, List.of("任务名称", "时间节点", "")),
                new RawSheet.Row(2, List.of("", "完成时限", "牵头单位")),
                new RawSheet.Row(3, List.of("修路", "6月底前", "DEPT-A")));
        assertThatThrownBy(() -> SheetRows.read(new RawSheet(rows), "台账", Actor.supervisor("supervisor"), 100,
                c -> c)).isInstanceOf(ImportRefusedException.class).hasMessageContaining("B3 完成时限 「6月底前」");
    }

    @Test
    void a_first_row_of_tasks_is_not_taken_for_a_second_header_row_though_a_cell_reads_as_a_header() {
        List<SheetRows.Entry> entries = entries(List.of(
                List.of("任务名称", "牵头单位", "完成时限", ""),
                List.of("修路", "DEPT-A", "2026-06-30", "No"),
                List.of("修桥", "DEPT-B", "2026-06-30", "")));

        assertThat(entries).extracting(SheetRows.Entry::row).containsExactly(2, 3);
    }

    @Test
    void a_header_of_two_rows_lacking_a_column_is_refused_naming_both_rows() {
        List<RawSheet.Row> rows = List.of(new RawSheet.Row(1, List.of("任务名称", "责任单位", "")),
                new RawSheet.Row(2, List.of("", "牵头单位", "配合单位")),
                new RawSheet.Row(3, List.of("修路", "DEPT-A", "")));
        assertThatThrownBy(() -> SheetRows.read(new RawSheet(rows), "台账", Actor.supervisor("supervisor"), 100,
                c -> c)).isInstanceOf(ImportRefusedException.class)
                .hasMessage("The header (rows 1 and 2) lacks the column 完成时限 (Due date).");
    }
}
