package dev.closeout.application.ledger;

import dev.closeout.application.task.TaskResponse;
import dev.closeout.application.task.TaskService;
import dev.closeout.application.web.NotFoundException;
import dev.closeout.domain.task.TaskStatus;
import dev.closeout.projections.ledger.LedgerQueries;
import dev.closeout.projections.ledger.LedgerSummary;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.Comparator;
import java.util.List;

/** The account-and-cancel ledger (挂账销号台账): figures per ledger and department, and its entries. */
@RestController
@RequestMapping("/api/ledgers")
public class LedgerController {

    private final LedgerQueries ledgers;
    private final TaskService tasks;

    public LedgerController(LedgerQueries ledgers, TaskService tasks) {
        this.ledgers = ledgers;
        this.tasks = tasks;
    }

    @GetMapping
    List<String> names() {
        return ledgers.names();
    }

    @GetMapping("/{ledger}")
    LedgerSummary summary(@PathVariable String ledger) {
        return ledgers.summary(ledger).orElseThrow(() -> new NotFoundException("No ledger named " + ledger));
    }

    /** The ledger's tasks, soonest due first; optionally of one lead department and in one status. */
    @GetMapping("/{ledger}/entries")
    List<TaskResponse> entries(@PathVariable String ledger,
                               @RequestParam(required = false) String department,
                               @RequestParam(required = false) TaskStatus status) {
        List<String> ids = ledgers.taskIds(ledger, department, status);
        return tasks.views(ids).stream()
                .sorted(Comparator.comparing((TaskResponse t) -> t.task().dueDate())
                        .thenComparing(t -> t.task().taskId()))
                .toList();
    }
}
