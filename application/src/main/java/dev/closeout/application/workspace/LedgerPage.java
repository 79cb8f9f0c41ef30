package dev.closeout.application.workspace;

import dev.closeout.application.ledger.LedgerFilters;
import dev.closeout.application.task.TaskResponse;
import dev.closeout.application.task.TaskService;
import dev.closeout.domain.task.TaskStatus;
import dev.closeout.domain.time.Colour;
import dev.closeout.projections.ledger.LedgerQueries;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One page of a ledger's table (台账), read with the API's ledger queries: the same filters as
 * {@code /api/ledgers/{ledger}/entries} (lead department, responsible leader, category, status, colour), soonest
 * due first, or by
 * colour (red, yellow, blue, each soonest due first); only the page's tasks are read in full.
 */
@Component
class LedgerPage {

    static final int PAGE_SIZE = 20;

    /** How the table is ordered. */
    enum Sort { DUE, COLOUR }

    /** One page: its rows, the 1-based page number, how many pages and items match in all. */
    record Page(List<TaskResponse> rows, int number, int pages, int total) {
    }

    /** Red before yellow before blue, as the board and the worklist order them. */
    private static final List<Colour> MOST_URGENT_FIRST = List.of(Colour.RED, Colour.YELLOW, Colour.BLUE);

    private final LedgerQueries ledgers;
    private final TaskService tasks;

    LedgerPage(LedgerQueries ledgers, TaskService tasks) {
        this.ledgers = ledgers;
        this.tasks = tasks;
    }

    Page read(String ledger, String department, String leader, String category, TaskStatus status, Colour colour,
              Sort sort, int page) {
        List<String> ids;
        if (sort == Sort.COLOUR) {
            ids = new ArrayList<>();
            for (Colour each : MOST_URGENT_FIRST) {
                if (colour == null || colour == each) {
                    ids.addAll(ledgers.taskIds(ledger, LedgerFilters.of(department, leader, category, status,
                            Set.of(each))));
                }
            }
        } else {
            ids = ledgers.taskIds(ledger, LedgerFilters.of(department, leader, category, status,
                    colour == null ? null : Set.of(colour)));
        }
        int pages = Math.max(1, (ids.size() + PAGE_SIZE - 1) / PAGE_SIZE);
        int number = Math.min(Math.max(page, 1), pages);
        int from = (number - 1) * PAGE_SIZE;
        List<TaskResponse> rows = tasks.viewsInOrder(ids.subList(from, Math.min(ids.size(), from + PAGE_SIZE)));
        return new Page(rows, number, pages, ids.size());
    }
}
