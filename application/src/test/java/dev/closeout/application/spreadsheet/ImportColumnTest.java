package dev.closeout.application.spreadsheet;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class ImportColumnTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "序号|NUMBER", "No.|NUMBER", "任务名称|TITLE", "Title|TITLE", "牵头单位|LEAD_DEPARTMENT",
            "Lead department|LEAD_DEPARTMENT", "leadDepartment|LEAD_DEPARTMENT", "lead_department|LEAD_DEPARTMENT",
            "牵头单位 Lead department|LEAD_DEPARTMENT", "责任单位 Lead department|LEAD_DEPARTMENT",
            "* 完成时限（年月日）|DUE_DATE", "期限 Due date|DUE_DATE", "配合单位|SUPPORTING_DEPARTMENTS",
            "责任领导|RESPONSIBLE_LEADER", "来源：|SOURCE", "任务描述|DESCRIPTION", "事项 Title|TITLE",
            "类别|CATEGORY", "Category|CATEGORY", "节点/阶段目标|MILESTONES", "阶段目标 Milestones|MILESTONES",
            "节点目标|MILESTONES", "转办层级|REFERRAL_LEVEL", "Referral level|REFERRAL_LEVEL", "转办单位|REFERRING_BODY",
            "Referring body|REFERRING_BODY", "文号|DOCUMENT_NUMBER", "Document number|DOCUMENT_NUMBER",
            "反馈时限（年月日）|REPORT_BACK_DUE", "Report-back due|REPORT_BACK_DUE"})
    void a_header_names_its_column_in_either_language_or_both(String header, ImportColumn column) {
        assertThat(ImportColumn.of(header)).contains(column);
    }

    @ParameterizedTest
    @EnumSource(ImportColumn.class)
    void no_header_of_a_column_is_taken_by_another(ImportColumn column) {
        assertThat(ImportColumn.of(column.chinese())).contains(column);
        assertThat(ImportColumn.of(column.english())).contains(column);
        assertThat(ImportColumn.of(column.chinese() + " " + column.english())).contains(column);
    }

    @ParameterizedTest
    @ValueSource(strings = {"备注", "Remarks", "事项编号 Task id", "状态 Status", ""})
    void other_headers_name_no_column(String header) {
        assertThat(ImportColumn.of(header)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"事项编号 Task id", "事项编号  task ID", "Task id", "taskId"})
    void the_exports_task_id_header_is_known_in_any_case_and_spacing(String header) {
        assertThat(ImportColumn.namesTaskId(header)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"事项编号", "编号", "序号", "任务名称", ""})
    void an_offices_own_numbering_is_no_task_id(String header) {
        assertThat(ImportColumn.namesTaskId(header)).isFalse();
    }
}
