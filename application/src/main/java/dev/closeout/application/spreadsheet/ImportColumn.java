package dev.closeout.application.spreadsheet;

import dev.closeout.application.ledger.LedgerColumns;

import java.text.Normalizer;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The columns an imported sheet may have, each known by its Chinese header (as the 清单 forms write
 * them), its English one, the register command's field name, or a few headers offices also use
 * (责任单位 for 牵头单位, 期限 for 完成时限…). A header is matched after its case, spaces, {@code * : . _ -}
 * and any bracketed note ({@code 完成时限（年月日）}) are set aside, so {@code Lead department},
 * {@code lead_department}, {@code leadDepartment} and the bilingual {@code 牵头单位 Lead department}
 * all name one column. Other columns (备注 remarks, say) are ignored.
 */
enum ImportColumn {

    NUMBER("序号", "No.", null, false, List.of("编号", "number", "no", "seq")),
    TITLE("任务名称", "Title", "title", true, List.of("事项名称", "事项", "任务", "task")),
    LEAD_DEPARTMENT("牵头单位", "Lead department", "leadDepartment", true,
            List.of("责任单位", "牵头部门", "lead", "department")),
    SUPPORTING_DEPARTMENTS("配合单位", "Supporting departments", "supportingDepartments", false,
            List.of("配合部门", "协办单位", "supporting")),
    RESPONSIBLE_LEADER("责任领导", "Responsible leader", "responsibleLeader", false,
            List.of("包抓领导", "分管领导", "leader")),
    DUE_DATE("完成时限", "Due date", "dueDate", true, List.of("时限", "期限", "完成时间", "due")),
    SOURCE("来源", "Source", "source", false, List.of("任务来源")),
    DESCRIPTION("任务描述", "Description", "description", false, List.of("任务内容", "具体内容", "工作内容")),
    CATEGORY("类别", "Category", "category", false, List.of("任务类别", "分类")),
    MILESTONES("阶段目标", "Milestones", "milestones", false,
            List.of("节点/阶段目标", "节点目标", "节点", "推进时序", "季度目标")),
    REFERRAL_LEVEL("转办层级", "Referral level", "referral.level", false, List.of("转办级别", "交办层级")),
    REFERRING_BODY("转办单位", "Referring body", "referral.referringBody", false, List.of("交办单位")),
    DOCUMENT_NUMBER("文号", "Document number", "referral.documentNumber", false, List.of("转办文号", "交办文号")),
    REPORT_BACK_DUE("反馈时限", "Report-back due", "referral.reportBackDue", false, List.of("反馈期限", "反馈时间"));

    private static final Pattern NOTE = Pattern.compile("[（(\\[【][^）)\\]】]*[）)\\]】]");
    private static final Pattern SET_ASIDE = Pattern.compile("[\\s*:.\\-_＊]");
    private static final Map<String, ImportColumn> BY_HEADER = byHeader();
    private static final String EXPORTED_TASK_ID = key(LedgerColumns.HEADER.get(0));

    private final String chinese;
    private final String english;
    private final String field;
    private final boolean required;
    private final List<String> aliases;

    ImportColumn(String chinese, String english, String field, boolean required, List<String> aliases) {
        this.chinese = chinese;
        this.english = english;
        this.field = field;
        this.required = required;
        this.aliases = aliases;
    }

    /** The header as the import template writes it. */
    String chinese() {
        return chinese;
    }

    String english() {
        return english;
    }

    /** The register command's field this column holds; {@code null} for 序号. */
    String field() {
        return field;
    }

    /** The columns of a referral, which a sheet has all together or not at all. */
    static final List<ImportColumn> REFERRAL = List.of(REFERRAL_LEVEL, REFERRING_BODY, DOCUMENT_NUMBER, REPORT_BACK_DUE);

    /** Both names, as a refusal names a column the sheet lacks. */
    String label() {
        return chinese + " (" + english + ")";
    }

    boolean required() {
        return required;
    }

    /**
     * Whether a header is the task id that the ledger's exports head their first column with ({@code 事项编号 Task id},
     * or {@code Task id}, {@code taskId} as the API writes it): a sheet with it is an export, not a 清单. 事项编号
     * alone is not, since offices number their own items so.
     */
    static boolean namesTaskId(String header) {
        String key = key(header);
        return key.equals(EXPORTED_TASK_ID) || key.equals(key("taskId"));
    }

    /** The column a header names, if any. */
    static Optional<ImportColumn> of(String header) {
        return Optional.ofNullable(BY_HEADER.get(key(header)));
    }

    /**
     * The column whose value the register command's {@code field} holds; a field within a list
     * ({@code milestones[1].dueDate}) is the list's column.
     */
    static Optional<ImportColumn> ofField(String field) {
        int item = field.indexOf('[');
        String whole = item < 0 ? field : field.substring(0, item);
        for (ImportColumn column : values()) {
            if (whole.equals(column.field)) {
                return Optional.of(column);
            }
        }
        return Optional.empty();
    }

    private static Map<String, ImportColumn> byHeader() {
        Map<String, ImportColumn> headers = new HashMap<>();
        for (ImportColumn column : values()) {
            List<String> chineseNames = new java.util.ArrayList<>(List.of(column.chinese));
            List<String> englishNames = new java.util.ArrayList<>(List.of(column.english));
            if (column.field != null) {
                englishNames.add(column.field);
            }
            for (String alias : column.aliases) {
                (alias.chars().allMatch(c -> c < 128) ? englishNames : chineseNames).add(alias);
            }
            for (String c : chineseNames) {
                headers.put(key(c), column);
                for (String e : englishNames) {
                    headers.put(key(e), column);
                    headers.put(key(c + e), column);
                }
            }
        }
        return Map.copyOf(headers);
    }

    private static String key(String header) {
        String text = Normalizer.normalize(header, Normalizer.Form.NFKC);
        return SET_ASIDE.matcher(NOTE.matcher(text).replaceAll("")).replaceAll("").toLowerCase(Locale.ROOT);
    }
}
