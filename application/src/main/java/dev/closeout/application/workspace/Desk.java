package dev.closeout.application.workspace;

import dev.closeout.application.complaint.ComplaintResponse;
import dev.closeout.application.complaint.ComplaintService;
import dev.closeout.application.security.StoredUser;
import dev.closeout.application.security.UserStore;
import dev.closeout.application.task.TaskService;
import dev.closeout.application.workspace.Rows.TaskRow;
import dev.closeout.domain.common.Actor;
import dev.closeout.domain.common.EscalationLadder;
import dev.closeout.domain.complaint.ComplaintChannel;
import dev.closeout.domain.complaint.ComplaintStatus;
import dev.closeout.domain.task.TaskStatus;
import dev.closeout.domain.time.Colour;
import dev.closeout.projections.complaint.OpenComplaints;
import dev.closeout.projections.ledger.LedgerQueries;
import dev.closeout.projections.ledger.OpenTasks;
import dev.closeout.projections.ledger.PendingDecisions;
import org.springframework.stereotype.Component;
import org.springframework.ui.Model;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * 督办台: what waits on a supervisor's decision — closure requests, extension requests, complaints'
 * transfer requests and complaints not yet assigned — and the red tasks to escalate, each with the
 * forms for its decision; beside them the forms that register a task and receive a complaint. Tasks
 * waiting are found from the ledgers' lines ({@link PendingDecisions}), complaints from the complaint
 * ledger's open lines, and only the items found are read in full.
 */
@Component
class Desk {

    /** How many of the most urgent red tasks are offered for escalation. */
    static final int RED_SHOWN = 20;

    private static final Comparator<ComplaintResponse> OLDEST_FIRST = Comparator
            .comparing((ComplaintResponse c) -> c.complaint().receivedAt())
            .thenComparing(c -> c.complaint().complaintId());

    private final PendingDecisions pending;
    private final OpenTasks openTasks;
    private final OpenComplaints openComplaints;
    private final LedgerQueries ledgers;
    private final TaskService tasks;
    private final ComplaintService complaints;
    private final EscalationLadder ladder;
    private final UserStore users;

    Desk(PendingDecisions pending, OpenTasks openTasks, OpenComplaints openComplaints, LedgerQueries ledgers,
         TaskService tasks, ComplaintService complaints, EscalationLadder ladder, UserStore users) {
        this.pending = pending;
        this.openTasks = openTasks;
        this.openComplaints = openComplaints;
        this.ledgers = ledgers;
        this.tasks = tasks;
        this.complaints = complaints;
        this.ladder = ladder;
        this.users = users;
    }

    void fill(Model model, Actor reader) {
        List<PendingDecisions.Entry> waiting = pending.all();
        // The lines may trail the views by a moment; a request decided a moment ago is not shown again.
        model.addAttribute("closureRows", rows(waiting.stream().filter(PendingDecisions.Entry::closureRequested)
                .map(PendingDecisions.Entry::taskId).toList(), reader).stream()
                .filter(row -> row.task().task().status() == TaskStatus.CLOSURE_REQUESTED).toList());
        model.addAttribute("extensionRows", rows(waiting.stream().filter(PendingDecisions.Entry::extensionRequested)
                .map(PendingDecisions.Entry::taskId).toList(), reader).stream()
                .filter(row -> row.task().task().pendingExtension() != null).toList());
        model.addAttribute("redRows", rows(openTasks.of(null, null).stream()
                .filter(e -> e.colour() == Colour.RED).limit(RED_SHOWN).map(OpenTasks.Entry::taskId).toList(), reader));
        List<ComplaintResponse> open = complaints.views(openComplaints.of(null).stream()
                .map(OpenComplaints.Entry::complaintId).toList(), reader).stream().sorted(OLDEST_FIRST).toList();
        model.addAttribute("unassigned", open.stream()
                .filter(c -> c.complaint().status() == ComplaintStatus.RECEIVED).toList());
        model.addAttribute("transferRequests", open.stream()
                .filter(c -> c.complaint().transferRequest() != null).toList());
        model.addAttribute("ledgers", ledgers.names());
        model.addAttribute("departments", departments());
        model.addAttribute("channels", ComplaintChannel.values());
        model.addAttribute("levels", ladder.levels());
        model.addAttribute("redShown", RED_SHOWN);
    }

    /**
     * The departments a form naming one suggests: those leading a task on any ledger and those of the users kept in
     * the store. A suggestion, not a rule: a department new to the office is typed in (a name typed wrong sends the work
     * to a department nobody signs in as, which the suggestions make less likely).
     */
    private Set<String> departments() {
        Set<String> known = ledgers.departments();
        users.all().stream().map(StoredUser::department).filter(Objects::nonNull).forEach(known::add);
        return known;
    }

    private List<TaskRow> rows(List<String> taskIds, Actor reader) {
        return tasks.viewsInOrder(taskIds).stream()
                .map(task -> new TaskRow(task, TaskForm.offered(task.task(), reader))).toList();
    }
}
