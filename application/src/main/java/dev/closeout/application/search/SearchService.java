package dev.closeout.application.search;

import dev.closeout.application.deadline.Colours;
import dev.closeout.domain.complaint.ComplaintStatus;
import dev.closeout.domain.task.TaskStatus;
import dev.closeout.domain.time.Colour;
import dev.closeout.projections.search.SearchCard;
import dev.closeout.projections.search.SearchIndex;
import dev.closeout.projections.search.SearchText;
import org.springframework.stereotype.Service;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * 查找: tasks and complaints by the words of their title, description and department, in either
 * script. Ranked by how many of the query's words an item holds, then BM25, then urgency (red first),
 * then soonest due. Ledger and status are filtered in the index; colour is judged at read time, like
 * everywhere else, for the items that match.
 */
@Service
public class SearchService {

    /** One found item as the API shows it. */
    public record Result(String type, String id, String title, String ledger, String department, String status,
                         Colour colour) {
    }

    private record Ranked(SearchIndex.Hit hit, Colour colour) {
    }

    private static final Comparator<Ranked> BEST_FIRST = Comparator
            .comparingInt((Ranked r) -> r.hit().matched()).reversed()
            .thenComparing(r -> r.hit().score(), Comparator.reverseOrder())
            .thenComparing(r -> r.colour().ordinal(), Comparator.reverseOrder())
            .thenComparing(r -> r.hit().card().dueDate(), Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(r -> r.hit().card().key());

    private final SearchIndex index;
    private final Colours colours;

    public SearchService(SearchIndex index, Colours colours) {
        this.index = index;
        this.colours = colours;
    }

    /** Whether {@code status} names a status of a task or of a complaint. */
    static boolean isStatus(String status) {
        return Set.of(TaskStatus.values()).stream().anyMatch(s -> s.name().equals(status))
                || Set.of(ComplaintStatus.values()).stream().anyMatch(s -> s.name().equals(status));
    }

    /**
     * @param ledger  only tasks of this ledger (complaints belong to none), or {@code null}
     * @param status  only items in this status, or {@code null}
     * @param colours only items of these colours, or empty for any
     */
    public List<Result> search(String query, String ledger, String status, Set<Colour> colourFilter, int limit) {
        List<String> words = SearchText.queryTerms(query);
        Predicate<SearchCard> filter = card -> (ledger == null || ledger.equals(card.ledger()))
                && (status == null || status.equals(card.status()));
        List<SearchIndex.Hit> hits = index.search(words, filter);
        List<Ranked> chosen = new ArrayList<>();
        // Colour only breaks ties of words and score: judge it for whole groups of ties, best first, until enough.
        for (int from = 0; from < hits.size() && chosen.size() < limit; ) {
            int to = from;
            while (to < hits.size() && tied(hits.get(from), hits.get(to))) {
                SearchIndex.Hit hit = hits.get(to++);
                Colour colour = colourOf(hit.card());
                if (colourFilter.isEmpty() || colourFilter.contains(colour)) {
                    chosen.add(new Ranked(hit, colour));
                }
            }
            from = to;
        }
        return chosen.stream().sorted(BEST_FIRST).limit(limit)
                .map(r -> {
                    SearchCard c = r.hit().card();
                    return new Result(c.type(), c.id(), c.title(), c.ledger(), c.department(), c.status(), r.colour());
                })
                .toList();
    }

    private static boolean tied(SearchIndex.Hit a, SearchIndex.Hit b) {
        return a.matched() == b.matched() && a.score() == b.score();
    }

    /** Judged by the same policy, from the same facts, as the item's view and its ledger line. */
    private Colour colourOf(SearchCard card) {
        if (SearchCard.TASK.equals(card.type())) {
            return colours.ofTask(card.ledger(), card.since(), card.dueDate(), card.progressAt(), card.percent(),
                    TaskStatus.valueOf(card.status()).isOpen(), card.nextMilestoneOn(), card.reportBackDue()).colour();
        }
        return colours.ofComplaint(card.since(), card.dueDate(), ComplaintStatus.valueOf(card.status()),
                card.reportBackDue()).colour();
    }
}
