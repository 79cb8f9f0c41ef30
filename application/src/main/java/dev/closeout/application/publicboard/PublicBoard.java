package dev.closeout.application.publicboard;

import dev.closeout.application.task.TaskResponse;
import dev.closeout.application.task.TaskService;
import dev.closeout.domain.task.TaskSource;
import dev.closeout.domain.task.TaskStatus;
import dev.closeout.domain.time.Colour;
import dev.closeout.projections.ledger.LedgerQueries;
import dev.closeout.projections.ledger.LedgerSummary;
import dev.closeout.projections.support.OfficeZone;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The public ledgers' boards, each computed from the store at most once per {@code cache-for} and
 * served from memory in between, however many people read it: the same ledger queries as the API's
 * (figures, entries soonest due first, task views by id), reduced at once to {@link PublicLedger}.
 */
@Service
public class PublicBoard {

    /** Task views are read by id this many at a time, as the CSV export reads them. */
    private static final int VIEWS_PER_READ = 500;
    /** Open items before closed ones, red, yellow, then blue, each soonest due first. */
    private static final Comparator<PublicLedger.Item> URGENT_FIRST = Comparator
            .comparing((PublicLedger.Item i) -> !i.status().isOpen())
            .thenComparing(i -> i.colour().ordinal(), Comparator.reverseOrder())
            .thenComparing(PublicLedger.Item::dueDate);

    private final PublicBoardProperties properties;
    private final LedgerQueries ledgers;
    private final TaskService tasks;
    private final OfficeZone zone;
    private final Clock clock;
    private final MeterRegistry meters;
    private final Map<String, Computed> boards = new ConcurrentHashMap<>();

    public PublicBoard(PublicBoardProperties properties, LedgerQueries ledgers, TaskService tasks, OfficeZone zone,
                       Clock clock, MeterRegistry meters) {
        this.properties = properties;
        this.ledgers = ledgers;
        this.tasks = tasks;
        this.zone = zone;
        this.clock = clock;
        this.meters = meters;
    }

    /** A board and for how much longer it may be kept by whoever receives it. */
    public record Served(PublicLedger board, Duration freshFor) {
    }

    /** A board computed at {@code at}; a clock set back before that makes it stale rather than fresh for longer. */
    private record Computed(PublicLedger board, Instant at, Instant freshUntil) {

        boolean freshAt(Instant now) {
            return !now.isBefore(at) && now.isBefore(freshUntil);
        }

        Served servedAt(Instant now) {
            Duration left = Duration.between(now, freshUntil);
            return new Served(board, left.isNegative() ? Duration.ZERO : left);
        }
    }

    public List<String> ledgers() {
        return properties.ledgers();
    }

    /** The ledger's board, or empty when the ledger is not configured as public. */
    public Optional<Served> board(String ledger) {
        if (!properties.isPublic(ledger)) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Computed cached = boards.get(ledger);
        if (cached == null || !cached.freshAt(now)) {
            // One reader computes while the others of this ledger wait for its result, not for a store read of their
            // own; readers of a fresh board never wait, as get() takes no lock.
            cached = boards.compute(ledger, (name, current) -> current != null && current.freshAt(clock.instant())
                    ? current : computeNow(name));
        }
        return Optional.of(cached.servedAt(now));
    }

    private Computed computeNow(String ledger) {
        Instant at = clock.instant();
        return new Computed(read(ledger), at, at.plus(properties.cacheFor()));
    }

    private PublicLedger read(String ledger) {
        meters.counter("closeout.public.board.reads", "ledger", ledger).increment();
        LocalDate today = zone.today(clock);
        Optional<LedgerSummary> summary = ledgers.summary(ledger);
        List<String> ids = ledgers.taskIds(ledger, null, null, null);
        List<PublicLedger.Item> items = new ArrayList<>(ids.size());
        for (int from = 0; from < ids.size(); from += VIEWS_PER_READ) {
            for (TaskResponse task : tasks.viewsInOrder(ids.subList(from, Math.min(ids.size(), from + VIEWS_PER_READ)))) {
                if (task.task().status() != TaskStatus.WITHDRAWN) {
                    items.add(item(task));
                }
            }
        }
        items.sort(URGENT_FIRST);
        PublicLedger.Figures figures = summary.map(PublicBoard::figures)
                .orElse(new PublicLedger.Figures(0, 0, 0, 0, 0, 0, null, null));
        // a department whose every item was withdrawn has nothing to show, and its row would tell whose they were
        List<PublicLedger.DepartmentRates> departments = summary.map(s -> s.departments().stream()
                .filter(d -> d.registered() - d.withdrawn() > 0)
                .map(d -> new PublicLedger.DepartmentRates(d.department(), d.registered() - d.withdrawn(), d.closed(),
                        d.open(), d.closureRate(), d.onTimeRate())).toList()).orElse(List.of());
        return new PublicLedger(ledger, today, figures, departments, List.copyOf(items),
                version(ledger, today, figures, departments, items));
    }

    /**
     * The colour is the domain's (a closed item is blue, its clock stopped). A task converted from a complaint or from
     * an inspection's finding is listed under a neutral title: its title is the complaint's subject or the finding's
     * "unit：description" unless the conversion gave one, and either may describe the person who complained, or
     * quote an inspector's note (暗访) naming staff, which the board must not publish.
     */
    private static PublicLedger.Item item(TaskResponse response) {
        var task = response.task();
        String title = switch (task.source() == null ? TaskSource.SELF_IDENTIFIED : task.source()) {
            case COMPLAINT -> PublicLedger.Item.fromComplaint(task.taskId());
            case INSPECTION -> PublicLedger.Item.fromInspection(task.taskId());
            default -> task.title();
        };
        return new PublicLedger.Item(title, task.leadDepartment(), task.status(), response.colour(), task.dueDate());
    }

    private static PublicLedger.Figures figures(LedgerSummary s) {
        return new PublicLedger.Figures(s.registered() - s.withdrawn(), s.open(), s.closed(),
                s.colours().getOrDefault(Colour.RED, 0L), s.colours().getOrDefault(Colour.YELLOW, 0L),
                s.colours().getOrDefault(Colour.BLUE, 0L), s.closureRate(), s.onTimeRate());
    }

    /** A digest of the board's content: equal boards get equal tags, so an unchanged board answers 304 after a refresh. */
    private static String version(Object... parts) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Object part : parts) {
                sha.update(String.valueOf(part).getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            }
            return Base64.getUrlEncoder().withoutPadding().encodeToString(sha.digest()).substring(0, 22);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has SHA-256", e);
        }
    }
}
