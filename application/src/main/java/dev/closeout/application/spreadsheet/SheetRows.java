package dev.closeout.application.spreadsheet;

import dev.closeout.domain.common.Actor;
import dev.closeout.domain.common.InvalidValueException;
import dev.closeout.domain.common.Limits;
import dev.closeout.domain.common.Text;
import dev.closeout.domain.referral.ReferralLevel;
import dev.closeout.domain.referral.ReferralNotice;
import dev.closeout.domain.task.Milestone;
import dev.closeout.domain.task.TaskCommand.RegisterTask;
import dev.closeout.domain.task.TaskId;
import dev.closeout.domain.task.TaskSource;
import org.apache.poi.ss.util.CellReference;
import org.springframework.http.HttpStatus;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A sheet read as a ledger's tasks: finds the header (a row, or two), maps its columns, and turns each row below
 * it into the {@link RegisterTask} command the API would send, so that a row is judged by the very
 * rules of registration. Every bad cell of every row is collected; the sheet is refused as a whole
 * if any is found.
 * <p>
 * A row's task id is derived from its key, so that the same sheet imported again names the same
 * tasks: the ledger and the row's 序号 when it has one, else the ledger, the title and the lead
 * department (all as registration normalises them). Two rows with one key are refused, since they
 * would be one task.
 */
final class SheetRows {

    /** How far down the header row is looked for: a 清单 often has a title row or two above it. */
    static final int HEADER_SEARCH = 20;
    /** How many bad cells a refusal lists; it counts them all. */
    static final int LISTED_PROBLEMS = 200;

    private static final Pattern SEPARATORS = Pattern.compile("[、,，;；\\n]+");
    /** A placeholder known to pass registration's rules, put in a bad cell's place to find the row's next bad cell. */
    private static final LocalDate VALID_DATE = LocalDate.of(2000, 1, 1);
    private static final TaskId PLACEHOLDER_ID = new TaskId("row");

    /** One bad cell: its row and column as the user sees them, the header as written, and what is wrong. */
    record Problem(int row, String cell, String column, String message) {
    }

    /** A row ready to register: its number in the sheet, its key and the command. */
    record Entry(int row, String key, RegisterTask command) {
    }

    private SheetRows() {
    }

    /**
     * @param category the office's check of a category ({@code TaskCategories.check}): the category, or a
     *                 refusal naming {@code category}
     */
    static List<Entry> read(RawSheet sheet, String ledger, Actor actor, int maxRows, UnaryOperator<String> category) {
        int headerAt = headerRow(sheet);
        RawSheet.Row upper = sheet.rows().get(headerAt);
        RawSheet.Row lower = headerAt + 1 < sheet.rows().size() ? sheet.rows().get(headerAt + 1) : null;
        boolean twoRows = lower != null && lowerHeaderRow(upper, lower);
        RawSheet.Row header = twoRows ? joined(upper, lower) : upper;
        String where = twoRows ? "header (rows " + upper.number() + " and " + lower.number() + ")"
                : "header row (row " + upper.number() + ")";
        notAnExport(upper);
        if (twoRows) {
            notAnExport(lower);
        }
        Map<ImportColumn, Integer> columns = columns(header, where);
        List<RawSheet.Row> rows = sheet.rows().subList(headerAt + (twoRows ? 2 : 1), sheet.rows().size());
        if (rows.size() > maxRows) {
            throw tooMany(maxRows);
        }
        List<Problem> problems = new ArrayList<>();
        List<Entry> entries = new ArrayList<>();
        Map<String, Integer> keys = new HashMap<>();
        for (RawSheet.Row row : rows) {
            if (onlyNumbered(row, columns)) {
                continue;
            }
            Optional<Entry> entry = entry(row, header, columns, ledger, actor, category, problems);
            if (entry.isEmpty()) {
                continue;
            }
            Integer first = keys.putIfAbsent(entry.get().key(), row.number());
            if (first != null) {
                ImportColumn column = columns.containsKey(ImportColumn.NUMBER)
                        && !cell(row, columns, ImportColumn.NUMBER).isBlank() ? ImportColumn.NUMBER : ImportColumn.TITLE;
                problems.add(problem(row, header, columns, column, column == ImportColumn.NUMBER
                        ? "repeats the 序号 of row " + first + ": each row needs its own"
                        : "repeats row " + first + " (the same title and lead department, and no 序号 to tell them apart)"));
                continue;
            }
            entries.add(entry.get());
        }
        if (!problems.isEmpty()) {
            throw refusal(problems);
        }
        if (entries.isEmpty()) {
            throw new ImportRefusedException(HttpStatus.BAD_REQUEST, "The sheet has no rows below its " + where + ".");
        }
        return entries;
    }

    static ImportRefusedException tooMany(int maxRows) {
        return new ImportRefusedException(HttpStatus.PAYLOAD_TOO_LARGE, "The sheet has more than " + maxRows
                + " rows, the most one import takes (" + SpreadsheetProperties.ROWS_PROPERTY + "): split it.",
                Map.of("maxRows", maxRows));
    }

    private static int headerRow(RawSheet sheet) {
        List<RawSheet.Row> rows = sheet.rows();
        if (rows.isEmpty()) {
            throw new ImportRefusedException(HttpStatus.BAD_REQUEST, "The sheet is empty.");
        }
        for (int i = 0; i < Math.min(HEADER_SEARCH, rows.size()); i++) {
            if (rows.get(i).cells().stream().anyMatch(c -> ImportColumn.of(c).orElse(null) == ImportColumn.TITLE)) {
                return i;
            }
        }
        throw new ImportRefusedException(HttpStatus.BAD_REQUEST, "The sheet has no header row: none of its first "
                + HEADER_SEARCH + " rows has a column headed " + ImportColumn.TITLE.label() + ". The first row holds "
                + rows.get(0).cells().stream().filter(c -> !c.isBlank()).map(c -> "「" + c + "」")
                        .collect(Collectors.joining(", ")) + ".");
    }

    /**
     * Whether the row below the header row is the lower row of a two-level header, as offices group columns
     * (责任单位 merged over 牵头单位 | 配合单位 below it): it names a column, and it holds no task, since its cell under
     * 任务名称 is blank or a header where a row of tasks has its title. A task's row is never taken for a header so.
     */
    private static boolean lowerHeaderRow(RawSheet.Row upper, RawSheet.Row next) {
        String underTitle = next.cell(IntStream.range(0, upper.cells().size())
                .filter(c -> ImportColumn.of(upper.cell(c)).orElse(null) == ImportColumn.TITLE).findFirst().orElseThrow());
        return next.number() == upper.number() + 1
                && (underTitle.isBlank() || ImportColumn.of(underTitle).isPresent())
                && next.cells().stream().anyMatch(c -> ImportColumn.of(c).isPresent());
    }

    /**
     * The two rows of a header read as one: a column the lower row names is headed by it (牵头单位 under its group
     * 责任单位), any other by the upper row (a 任务名称 written in the upper row only, or merged down both).
     */
    private static RawSheet.Row joined(RawSheet.Row upper, RawSheet.Row lower) {
        List<String> cells = new ArrayList<>();
        for (int i = 0; i < Math.max(upper.cells().size(), lower.cells().size()); i++) {
            cells.add(ImportColumn.of(lower.cell(i)).isPresent() ? lower.cell(i) : upper.cell(i));
        }
        return new RawSheet.Row(lower.number(), cells);
    }

    /**
     * A ledger's export (entries.csv, entries.xlsx) lists tasks registered already and has no 序号 to key its rows by,
     * so imported it would register them a second time: it is known by the task id column it starts with, and refused
     * saying so, rather than for the columns of a 清单 it lacks.
     */
    private static void notAnExport(RawSheet.Row header) {
        for (int i = 0; i < header.cells().size(); i++) {
            if (ImportColumn.namesTaskId(header.cell(i))) {
                throw new ImportRefusedException(HttpStatus.BAD_REQUEST, "Column " + letter(i) + ", " + header.cell(i)
                        + ", holds task ids: the sheet is a ledger export (entries.csv or entries.xlsx), which lists"
                        + " tasks registered already, and is not imported, since it would register them a second time."
                        + " To register tasks, fill in the import template (GET /api/ledgers/{ledger}/import-template.xlsx)"
                        + " or the office's 清单, headed 任务名称, 牵头单位 and 完成时限.",
                        Map.of("cell", letter(i) + header.number(), "column", header.cell(i)));
            }
        }
    }

    private static Map<ImportColumn, Integer> columns(RawSheet.Row header, String where) {
        Map<ImportColumn, Integer> columns = new EnumMap<>(ImportColumn.class);
        for (int i = 0; i < header.cells().size(); i++) {
            int at = i;
            ImportColumn.of(header.cell(i)).ifPresent(column -> {
                Integer other = columns.putIfAbsent(column, at);
                if (other != null) {
                    throw new ImportRefusedException(HttpStatus.BAD_REQUEST, "Columns " + letter(other) + " and "
                            + letter(at) + " are both " + column.label() + ": keep one.");
                }
            });
        }
        boolean referred = ImportColumn.REFERRAL.stream().anyMatch(columns::containsKey);
        List<String> missing = Arrays.stream(ImportColumn.values())
                .filter(c -> (c.required() || referred && ImportColumn.REFERRAL.contains(c)) && !columns.containsKey(c))
                .map(ImportColumn::label).toList();
        if (!missing.isEmpty()) {
            throw new ImportRefusedException(HttpStatus.BAD_REQUEST, "The " + where
                    + " lacks the column" + (missing.size() > 1 ? "s " : " ") + String.join(", ", missing) + ".",
                    Map.of("missingColumns", missing));
        }
        return columns;
    }

    /** A line numbered in advance and left empty, as forms often are. */
    private static boolean onlyNumbered(RawSheet.Row row, Map<ImportColumn, Integer> columns) {
        return columns.entrySet().stream().filter(c -> c.getKey() != ImportColumn.NUMBER)
                .allMatch(c -> row.cell(c.getValue()).isBlank());
    }

    private static Optional<Entry> entry(RawSheet.Row row, RawSheet.Row header, Map<ImportColumn, Integer> columns,
                                         String ledger, Actor actor, UnaryOperator<String> category,
                                         List<Problem> problems) {
        int before = problems.size();
        String number = check(row, header, columns, ImportColumn.NUMBER, problems,
                value -> Text.optionalLine(value, "number", Limits.NAME));
        TaskSource source = check(row, header, columns, ImportColumn.SOURCE, problems,
                value -> SourceLabels.parse(value, "source"));
        Map<ImportColumn, Object> values = new EnumMap<>(ImportColumn.class);
        values.put(ImportColumn.TITLE, cell(row, columns, ImportColumn.TITLE));
        values.put(ImportColumn.DESCRIPTION, cell(row, columns, ImportColumn.DESCRIPTION));
        values.put(ImportColumn.LEAD_DEPARTMENT, cell(row, columns, ImportColumn.LEAD_DEPARTMENT));
        values.put(ImportColumn.SUPPORTING_DEPARTMENTS, departments(cell(row, columns, ImportColumn.SUPPORTING_DEPARTMENTS)));
        values.put(ImportColumn.RESPONSIBLE_LEADER, cell(row, columns, ImportColumn.RESPONSIBLE_LEADER));
        values.put(ImportColumn.CATEGORY, cell(row, columns, ImportColumn.CATEGORY));
        values.put(ImportColumn.REFERRING_BODY, cell(row, columns, ImportColumn.REFERRING_BODY));
        values.put(ImportColumn.DOCUMENT_NUMBER, cell(row, columns, ImportColumn.DOCUMENT_NUMBER));
        boolean dueRead = parsed(row, header, columns, values, problems, ImportColumn.DUE_DATE, OfficeDates::parse);
        parsed(row, header, columns, values, problems, ImportColumn.MILESTONES, MilestoneCell::parse);
        parsed(row, header, columns, values, problems, ImportColumn.REFERRAL_LEVEL, ReferralLevelLabels::parse);
        parsed(row, header, columns, values, problems, ImportColumn.REPORT_BACK_DUE, OfficeDates::parse);
        // registration's own rules, cell by cell: a bad cell is noted and stood in for, to find the next
        for (int attempt = 0; attempt <= ImportColumn.values().length; attempt++) {
            try {
                RegisterTask checked = command(PLACEHOLDER_ID, ledger, values, source, actor);
                category.apply(checked.category());
                if (dueRead) {
                    milestonesWithin(checked);
                }
                if (problems.size() > before) {
                    return Optional.empty();
                }
                String key = key(checked, number);
                return Optional.of(new Entry(row.number(), key, command(taskId(key), ledger, values, source, actor)));
            } catch (InvalidValueException e) {
                ImportColumn column = ImportColumn.ofField(e.field()).orElseThrow(() -> e);
                problems.add(problem(row, header, columns, column, reason(e)));
                values.put(column, standIn(column));
                // milestones are not judged against a due date stood in for
                dueRead &= column != ImportColumn.DUE_DATE;
            }
        }
        return Optional.empty();
    }

    /**
     * The cell of {@code column} read by {@code parser} into {@code values}, and whether it could be; a cell
     * that cannot be read is noted, and stood in for so that registration's rules judge the rest of the row.
     */
    private static boolean parsed(RawSheet.Row row, RawSheet.Row header, Map<ImportColumn, Integer> columns,
                               Map<ImportColumn, Object> values, List<Problem> problems, ImportColumn column,
                               CellParser<?> parser) {
        int before = problems.size();
        Object value = check(row, header, columns, column, problems, text -> parser.parse(text, column.field()));
        boolean read = problems.size() == before;
        values.put(column, read ? value : standIn(column));
        return read;
    }

    /**
     * The task refuses a milestone due after the task itself; the sheet is judged whole before anything is
     * registered, so that is found here, by the same rule.
     */
    private static void milestonesWithin(RegisterTask command) {
        int late = Milestone.firstDueAfter(command.milestones(), command.dueDate());
        if (late >= 0) {
            throw new InvalidValueException(ImportColumn.MILESTONES.field(), "milestone " + (late + 1) + " is due "
                    + command.milestones().get(late).dueDate() + ", after the task's due date " + command.dueDate());
        }
    }

    private static RegisterTask command(TaskId id, String ledger, Map<ImportColumn, Object> values, TaskSource source,
                                        Actor actor) {
        @SuppressWarnings("unchecked")
        List<String> supporting = (List<String>) values.get(ImportColumn.SUPPORTING_DEPARTMENTS);
        @SuppressWarnings("unchecked")
        List<Milestone.Plan> milestones = (List<Milestone.Plan>) values.get(ImportColumn.MILESTONES);
        return new RegisterTask(id, ledger,
                (String) values.get(ImportColumn.TITLE), (String) values.get(ImportColumn.DESCRIPTION),
                (String) values.get(ImportColumn.LEAD_DEPARTMENT), supporting,
                (String) values.get(ImportColumn.RESPONSIBLE_LEADER), source,
                (LocalDate) values.get(ImportColumn.DUE_DATE), actor, null, null,
                blankAsNull((String) values.get(ImportColumn.CATEGORY)), milestones, referral(values));
    }

    /** The referral when any of its four cells is written (all four are then required), else none. */
    private static ReferralNotice referral(Map<ImportColumn, Object> values) {
        ReferralLevel level = (ReferralLevel) values.get(ImportColumn.REFERRAL_LEVEL);
        String body = blankAsNull((String) values.get(ImportColumn.REFERRING_BODY));
        String documentNumber = blankAsNull((String) values.get(ImportColumn.DOCUMENT_NUMBER));
        LocalDate due = (LocalDate) values.get(ImportColumn.REPORT_BACK_DUE);
        if (level == null && body == null && documentNumber == null && due == null) {
            return null;
        }
        return new ReferralNotice(level, body, documentNumber, due);
    }

    private static String blankAsNull(String text) {
        return text == null || Text.isBlank(text) ? null : text;
    }

    private static Object standIn(ImportColumn column) {
        return switch (column) {
            case DUE_DATE, REPORT_BACK_DUE -> VALID_DATE;
            case SUPPORTING_DEPARTMENTS, MILESTONES -> List.of();
            case TITLE, LEAD_DEPARTMENT, REFERRING_BODY, DOCUMENT_NUMBER -> "-";
            case REFERRAL_LEVEL -> ReferralLevel.PROVINCE;
            default -> null;
        };
    }

    /**
     * The key, and the task id derived from it: a name-based UUID over the ledger and the 序号, or the
     * ledger, title and lead department. Registration refuses control characters in all of these, so
     * the NUL separators keep every key apart.
     */
    private static String key(RegisterTask command, String number) {
        return number != null
                ? "ImportedTask\u0000" + command.ledger() + "\u0000序号\u0000" + number
                : "ImportedTask\u0000" + command.ledger() + "\u0000" + command.title() + "\u0000" + command.leadDepartment();
    }

    static TaskId taskId(String key) {
        return new TaskId(UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8)).toString());
    }

    private static List<String> departments(String cell) {
        return SEPARATORS.splitAsStream(cell).filter(d -> !Text.isBlank(d)).toList();
    }

    private interface Parser<T> {
        T parse(String value);
    }

    private interface CellParser<T> {
        T parse(String value, String field);
    }

    private static <T> T check(RawSheet.Row row, RawSheet.Row header, Map<ImportColumn, Integer> columns,
                               ImportColumn column, List<Problem> problems, Parser<T> parser) {
        try {
            return parser.parse(cell(row, columns, column));
        } catch (InvalidValueException e) {
            problems.add(problem(row, header, columns, column, reason(e)));
            return null;
        }
    }

    private static String cell(RawSheet.Row row, Map<ImportColumn, Integer> columns, ImportColumn column) {
        Integer at = columns.get(column);
        return at == null ? "" : row.cell(at);
    }

    private static Problem problem(RawSheet.Row row, RawSheet.Row header, Map<ImportColumn, Integer> columns,
                                   ImportColumn column, String message) {
        int at = columns.get(column);
        return new Problem(row.number(), letter(at) + row.number(), header.cell(at), message);
    }

    /** The message without the field's name it starts with: the column stands in its place. */
    private static String reason(InvalidValueException e) {
        String message = e.getMessage();
        return message.startsWith(e.field() + " ") ? message.substring(e.field().length() + 1) : message;
    }

    private static String letter(int column) {
        return CellReference.convertNumToColString(column);
    }

    private static ImportRefusedException refusal(List<Problem> problems) {
        long rows = problems.stream().mapToInt(Problem::row).distinct().count();
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("problems", problems.subList(0, Math.min(LISTED_PROBLEMS, problems.size())));
        properties.put("problemCount", problems.size());
        return new ImportRefusedException(HttpStatus.BAD_REQUEST, rows + (rows == 1 ? " row" : " rows")
                + " of the sheet cannot be registered, so none was: " + problems.stream().limit(3)
                .map(p -> p.cell() + " " + p.column() + " " + p.message()).collect(Collectors.joining("; "))
                + (problems.size() > 3 ? "; …" : "") + ".", properties);
    }
}
