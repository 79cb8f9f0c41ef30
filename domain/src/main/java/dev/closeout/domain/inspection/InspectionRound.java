package dev.closeout.domain.inspection;

import dev.closeout.domain.common.CommandRefusedException;
import dev.closeout.domain.common.Limits;
import dev.closeout.domain.common.Text;
import dev.closeout.domain.common.RolePolicy;
import dev.closeout.domain.common.Actor;
import dev.closeout.domain.inspection.InspectionCommand.CloseRound;
import dev.closeout.domain.inspection.InspectionCommand.ConvertFindingToTask;
import dev.closeout.domain.inspection.InspectionCommand.MarkUnitInspected;
import dev.closeout.domain.inspection.InspectionCommand.OpenRound;
import dev.closeout.domain.inspection.InspectionCommand.RecordFinding;
import dev.closeout.domain.inspection.InspectionEvent.FindingConvertedToTask;
import dev.closeout.domain.inspection.InspectionEvent.FindingRecorded;
import dev.closeout.domain.inspection.InspectionEvent.RoundClosed;
import dev.closeout.domain.inspection.InspectionEvent.RoundOpened;
import dev.closeout.domain.inspection.InspectionEvent.UnitInspected;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateRoot;
import org.axonframework.serialization.Revision;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * One inspection round (督查检查: "累计开展督导检查10轮次", Linze; "对35个单位开展督导检查，推动并解决问题11个",
 * Zhangye): a supervisor opens it with the units to inspect, records the problems found at each, marks
 * each unit inspected, converts findings into rectification tasks and closes the round. Command
 * handlers decide whether a command is allowed now and for this actor, then record what happened;
 * only the event sourcing handlers change the round. When, is the lifecycle table in
 * {@link InspectionStatus#allows}; who, is always a supervisor (the 督查办). The named rules:
 * <ul>
 *   <li><b>Listed units only.</b> A finding or an inspection names one of the units the round was
 *       opened with; the report counts "units inspected" against that list.</li>
 *   <li><b>Inspected once.</b> A unit is marked inspected once; marking it again is refused, so the
 *       history says when it was checked.</li>
 *   <li><b>A finding once.</b> A finding is recorded under the id its caller chose; asked again for
 *       that id (a retried request), the round records nothing. A round holds at most
 *       {@link Limits#ROUND_FINDINGS} findings.</li>
 *   <li><b>One task per finding.</b> A finding converts into one task, under the id
 *       {@link FindingId#taskIdIn} derives from it; asked again, the round answers its first
 *       conversion and records nothing, whatever the retry says. The task is registered from the
 *       conversion event, and names the round and the finding.</li>
 *   <li><b>A ledger for every task.</b> A conversion names its ledger or takes the round's; with
 *       neither, it is refused naming {@code ledger}.</li>
 * </ul>
 */
@AggregateRoot
// The revision of the fields a snapshot holds: a snapshot of another revision is ignored and the
// round is rebuilt from its events.
@Revision("1")
public class InspectionRound {

    @AggregateIdentifier
    private InspectionRoundId roundId;
    private InspectionStatus status;
    private String ledger;
    private List<String> units;
    private final Set<String> inspected = new HashSet<>();
    /** Each finding's unit and description, by finding id. */
    private final Map<FindingId, FindingRecorded> findings = new HashMap<>();
    /** The conversion of each finding converted so far, as recorded. */
    private final Map<FindingId, FindingConvertedToTask> conversions = new HashMap<>();

    /** Axon creates an empty round and then replays its events into it. */
    InspectionRound() {
    }

    @CommandHandler
    InspectionRound(OpenRound command) {
        requireSupervisor(command.actor(), "open an inspection round");
        apply(new RoundOpened(command.roundId(), command.kind(), command.title(), command.units(), command.ledger(),
                command.actor()));
    }

    /**
     * Answers the finding's id, recorded now or by an earlier attempt under the same id; an id that names a finding
     * of another unit or description (a retry's id reused for another finding) is refused, naming {@code findingId}.
     */
    @CommandHandler
    FindingId handle(RecordFinding command) {
        requireSupervisor(command.actor(), "record an inspection finding");
        FindingRecorded earlier = findings.get(command.findingId());
        if (earlier != null) {
            if (!earlier.unit().equals(command.unit()) || !earlier.description().equals(command.description())) {
                throw CommandRefusedException.invalid("findingId", "names another finding of this round, of "
                        + earlier.unit());
            }
            return command.findingId();
        }
        require(InspectionAction.RECORD_FINDING);
        requireListed(command.unit());
        if (findings.size() >= Limits.ROUND_FINDINGS) {
            throw CommandRefusedException.state("The round already holds " + Limits.ROUND_FINDINGS
                    + " findings, the most one round may; open another round for further units");
        }
        apply(new FindingRecorded(roundId, command.findingId(), command.unit(), command.description(),
                command.actor()));
        return command.findingId();
    }

    @CommandHandler
    void handle(MarkUnitInspected command) {
        requireSupervisor(command.actor(), "mark a unit inspected");
        require(InspectionAction.MARK_UNIT_INSPECTED);
        requireListed(command.unit());
        if (inspected.contains(command.unit())) {
            throw CommandRefusedException.state("Unit " + command.unit() + " is already marked inspected in this round");
        }
        apply(new UnitInspected(roundId, command.unit(), command.actor()));
    }

    /**
     * Converts the finding into a new task and answers the conversion as recorded, with the ledger,
     * title and lead department resolved; asked again for a finding already converted, answers that
     * conversion and records nothing.
     */
    @CommandHandler
    FindingConvertedToTask handle(ConvertFindingToTask command) {
        requireSupervisor(command.actor(), "convert an inspection finding into a task");
        FindingRecorded finding = findings.get(command.findingId());
        if (finding == null) {
            throw CommandRefusedException.invalid("findingId", "This round has no finding " + command.findingId());
        }
        FindingConvertedToTask earlier = conversions.get(command.findingId());
        if (earlier != null) {
            return earlier;
        }
        require(InspectionAction.CONVERT_FINDING);
        String taskLedger = command.ledger() == null ? ledger : command.ledger();
        if (taskLedger == null) {
            throw CommandRefusedException.invalid("ledger", "The round was opened without a ledger, so name the "
                    + "ledger the rectification task goes on");
        }
        String title = command.title() == null ? defaultTitle(finding) : command.title();
        String lead = command.leadDepartment() == null ? finding.unit() : command.leadDepartment();
        FindingConvertedToTask conversion = new FindingConvertedToTask(roundId, command.findingId(),
                command.newTaskId(), taskLedger, title, lead, command.dueDate(), command.actor());
        apply(conversion);
        return conversion;
    }

    @CommandHandler
    void handle(CloseRound command) {
        requireSupervisor(command.actor(), "close an inspection round");
        require(InspectionAction.CLOSE);
        apply(new RoundClosed(roundId, command.actor()));
    }

    /**
     * "unit：description", cut to a title's length as registration measures it ({@link Text}: NFC, UTF-16 units), and
     * never through a character, so that the task the conversion names can be registered with it.
     */
    private static String defaultTitle(FindingRecorded finding) {
        String title = Normalizer.normalize((finding.unit() + "：" + finding.description()).replaceAll("\\s+", " ")
                .strip(), Normalizer.Form.NFC);
        if (title.length() <= Limits.TITLE) {
            return title;
        }
        int end = Limits.TITLE - 1;
        if (Character.isHighSurrogate(title.charAt(end - 1))) {
            end--;
        }
        return title.substring(0, end).strip() + "…";
    }

    private static void requireSupervisor(Actor actor, String action) {
        RolePolicy.requireSupervisor(actor, action, "inspection rounds");
    }

    private void require(InspectionAction action) {
        if (!status.allows(action)) {
            throw CommandRefusedException.state(action.refusal(status));
        }
    }

    private void requireListed(String unit) {
        if (!units.contains(unit)) {
            throw CommandRefusedException.invalid("unit", unit + " is not among the units this round inspects: "
                    + String.join("、", units));
        }
    }

    @EventSourcingHandler
    void on(RoundOpened event) {
        roundId = event.roundId();
        status = InspectionStatus.OPEN;
        ledger = event.ledger();
        units = new ArrayList<>(event.units());
    }

    @EventSourcingHandler
    void on(FindingRecorded event) {
        findings.put(event.findingId(), event);
    }

    @EventSourcingHandler
    void on(UnitInspected event) {
        inspected.add(event.unit());
    }

    @EventSourcingHandler
    void on(FindingConvertedToTask event) {
        conversions.put(event.findingId(), event);
    }

    @EventSourcingHandler
    void on(RoundClosed event) {
        status = InspectionStatus.CLOSED;
    }
}
