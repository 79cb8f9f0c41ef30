package dev.closeout.application.workspace;

import dev.closeout.application.complaint.ComplaintResponse;
import dev.closeout.application.complaint.ComplaintService;
import dev.closeout.application.task.TaskService;
import dev.closeout.application.workspace.Rows.ComplaintRow;
import dev.closeout.application.workspace.Rows.TaskRow;
import dev.closeout.domain.common.Actor;
import dev.closeout.domain.common.Role;
import dev.closeout.domain.time.Colour;
import dev.closeout.projections.complaint.OpenComplaints;
import dev.closeout.projections.ledger.LedgerQueries;
import dev.closeout.projections.ledger.OpenTasks;
import org.springframework.stereotype.Component;
import org.springframework.ui.Model;

import java.time.LocalDate;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * 工作台: a department's open tasks (those it leads) and complaints (those assigned to it), most
 * urgent first, with the forms for what it may do now; its tasks may be narrowed to one ledger. Supervisors and auditors see every
 * department's, with the department named; a long list shows its most urgent {@value #SHOWN}
 * items of each kind, and the counts at the top count them all.
 */
@Component
class Worklist {

    static final int SHOWN = 100;

    private static final Comparator<ComplaintResponse> MOST_URGENT_FIRST = Comparator
            .comparing((ComplaintResponse c) -> c.colour().ordinal(), Comparator.reverseOrder())
            .thenComparing(c -> c.complaint().dueDate(), Comparator.nullsLast(Comparator.<LocalDate>naturalOrder()))
            .thenComparing(c -> c.complaint().complaintId());

    private final LedgerQueries ledgers;
    private final OpenTasks openTasks;
    private final OpenComplaints openComplaints;
    private final TaskService tasks;
    private final ComplaintService complaints;

    Worklist(LedgerQueries ledgers, OpenTasks openTasks, OpenComplaints openComplaints, TaskService tasks,
             ComplaintService complaints) {
        this.ledgers = ledgers;
        this.openTasks = openTasks;
        this.openComplaints = openComplaints;
        this.tasks = tasks;
        this.complaints = complaints;
    }

    /** The forms a row offers: those a list shows ({@link ItemForm#listed}). */
    private static <F extends Enum<F> & ItemForm> Set<F> listed(Set<F> offered) {
        Set<F> listed = new LinkedHashSet<>(offered);
        listed.removeIf(form -> !form.listed());
        return listed;
    }

    /** The rows of the most urgent {@value #SHOWN} of {@code entries}, in their order. */
    private List<TaskRow> rows(List<OpenTasks.Entry> entries, Actor reader) {
        return tasks.viewsInOrder(entries.stream().limit(SHOWN).map(OpenTasks.Entry::taskId).toList()).stream()
                // the ledger lists an item a moment after its view: one closed or withdrawn just now is not work
                .filter(task -> task.task().status().isOpen())
                .map(task -> new TaskRow(task, listed(TaskForm.offered(task.task(), reader)))).toList();
    }

    /** The worklist of {@code reader}'s department (every one for other roles), its tasks on {@code ledger} only if given. */
    void fill(Model model, Actor reader, String ledger) {
        String department = reader.role() == Role.DEPARTMENT ? reader.department() : null;
        List<OpenTasks.Entry> taskEntries = openTasks.of(department, ledger);
        Map<String, Long> colours = new LinkedHashMap<>();
        for (Colour colour : List.of(Colour.RED, Colour.YELLOW, Colour.BLUE)) {
            colours.put(colour.name(), taskEntries.stream().filter(e -> e.colour() == colour).count());
        }
        List<TaskRow> taskRows = rows(taskEntries, reader);
        // 配合单位: the tasks the department supports, where it reports progress on its share
        List<OpenTasks.Entry> supportedEntries = department == null ? List.of()
                : openTasks.supportedBy(department, ledger);
        List<OpenComplaints.Entry> complaintEntries = openComplaints.of(department);
        List<ComplaintRow> complaintRows = complaints.views(complaintEntries.stream()
                        .map(OpenComplaints.Entry::complaintId).toList(), reader).stream()
                .filter(c -> c.complaint().status().isOpen())
                .sorted(MOST_URGENT_FIRST).limit(SHOWN)
                .map(c -> new ComplaintRow(c, listed(ComplaintForm.offered(c.complaint(), reader)))).toList();
        model.addAttribute("department", department);
        model.addAttribute("ledger", ledger);
        model.addAttribute("ledgers", ledgers.names());
        model.addAttribute("openTasks", taskEntries.size());
        model.addAttribute("colours", colours);
        model.addAttribute("openComplaints", complaintEntries.size());
        model.addAttribute("taskRows", taskRows);
        model.addAttribute("supportedTasks", supportedEntries.size());
        model.addAttribute("supportedRows", rows(supportedEntries, reader));
        model.addAttribute("complaintRows", complaintRows);
        model.addAttribute("shown", SHOWN);
    }
}
