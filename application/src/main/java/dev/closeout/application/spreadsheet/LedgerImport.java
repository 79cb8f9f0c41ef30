package dev.closeout.application.spreadsheet;

import dev.closeout.application.task.TaskCategories;
import dev.closeout.application.task.TaskService;
import dev.closeout.domain.common.Actor;
import dev.closeout.domain.common.Text;
import dev.closeout.domain.task.TaskId;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Imports a 清单 into a ledger: reads the sheet (.xlsx or CSV, judged by its first bytes, not by
 * its name or declared type), judges every row by registration's rules, and only when all pass
 * registers them, each through the {@code Task} aggregate like any registration, a batch at a time.
 * A row whose task is stored already (the same sheet imported before) registers nothing.
 */
@Service
public class LedgerImport {

    /**
     * Registrations appended together: a few hundred events make one insert of a few hundred
     * kilobytes, and an import cut short (a crash) leaves whole batches, which importing the sheet
     * again completes.
     */
    private static final int BATCH = 250;
    /** How long an import waits, in all, for the task views to show what it registered. */
    private static final Duration VIEWS_BUDGET = Duration.ofSeconds(5);
    private static final byte[] ZIP = {'P', 'K', 3, 4};
    private static final byte[] OLE2 = {(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0};

    private final TaskService tasks;
    private final SpreadsheetProperties limits;
    private final TaskCategories categories;

    public LedgerImport(TaskService tasks, SpreadsheetProperties limits, TaskCategories categories) {
        this.tasks = tasks;
        this.limits = limits;
        this.categories = categories;
    }

    /** One row's outcome: the task it names, and whether this import registered it. */
    public record Row(int row, String taskId, boolean registered) {
    }

    /**
     * @param registered     tasks this import registered
     * @param alreadyPresent rows whose task was registered before (by an earlier import of them)
     * @param viewsCurrent   whether the task views show every registered task yet
     */
    public record Result(int registered, int alreadyPresent, boolean viewsCurrent, List<Row> rows) {
    }

    public Result importSheet(String ledger, byte[] file, Actor actor) {
        String name = Text.name(ledger, "ledger");
        List<SheetRows.Entry> entries = SheetRows.read(read(file), name, actor, limits.maxImportRows(),
                categories::check);
        List<Row> rows = register(entries);
        List<TaskId> registered = rows.stream().filter(Row::registered).map(r -> new TaskId(r.taskId())).toList();
        boolean current = tasks.awaitViews(registered, VIEWS_BUDGET);
        return new Result(registered.size(), rows.size() - registered.size(), current, rows);
    }

    private RawSheet read(byte[] file) {
        if (file == null || file.length == 0) {
            throw new ImportRefusedException(HttpStatus.BAD_REQUEST, "The file is empty.");
        }
        long max = limits.maxImportSize().toBytes();
        if (file.length > max) {
            throw new ImportRefusedException(HttpStatus.PAYLOAD_TOO_LARGE, "The file is larger than " + max
                    + " bytes, the most one import takes (" + SpreadsheetProperties.SIZE_PROPERTY + ").",
                    Map.of("maxImportSize", max));
        }
        if (startsWith(file, OLE2)) {
            throw new ImportRefusedException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "The file is an Excel 97–2003 workbook"
                    + " (.xls) or an encrypted one, which is not read: save it as .xlsx (Excel Workbook) or CSV.");
        }
        // rows above the header are read too, up to the header search's depth, and a header's second row
        int rows = limits.maxImportRows() + SheetRows.HEADER_SEARCH + 1;
        try {
            return startsWith(file, ZIP) ? XlsxSheetReader.read(file, rows) : CsvSheetReader.read(file, rows);
        } catch (SheetTooLarge e) {
            throw SheetRows.tooMany(limits.maxImportRows());
        }
    }

    private List<Row> register(List<SheetRows.Entry> entries) {
        List<Row> rows = new ArrayList<>();
        for (int from = 0; from < entries.size(); from += BATCH) {
            List<SheetRows.Entry> batch = entries.subList(from, Math.min(entries.size(), from + BATCH));
            List<Boolean> registered = tasks.registerAllIfAbsent(batch.stream().map(SheetRows.Entry::command).toList());
            for (int i = 0; i < batch.size(); i++) {
                rows.add(new Row(batch.get(i).row(), batch.get(i).command().taskId().value(), registered.get(i)));
            }
        }
        return rows;
    }

    private static boolean startsWith(byte[] file, byte[] magic) {
        if (file.length < magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if (file[i] != magic[i]) {
                return false;
            }
        }
        return true;
    }
}
