package dev.closeout.application.complaint;

import dev.closeout.application.infrastructure.axon.ItemEvents;
import dev.closeout.application.referral.ReferralResponse;
import dev.closeout.application.infrastructure.axon.CommandSender;
import dev.closeout.application.deadline.Colours;
import dev.closeout.application.web.HistoryEntries;
import dev.closeout.application.infrastructure.readmodel.ReadYourWrites;
import dev.closeout.application.web.IdempotencyKey;
import dev.closeout.domain.common.InvalidValueException;
import dev.closeout.domain.common.Actor;
import dev.closeout.domain.complaint.Complainant;
import dev.closeout.domain.complaint.Complaint;
import dev.closeout.domain.complaint.ComplaintCommand;
import dev.closeout.domain.complaint.ComplaintEvent;
import dev.closeout.domain.complaint.ComplaintEvent.ComplaintAssigned;
import dev.closeout.domain.complaint.ComplaintEvent.ComplaintConvertedToTask;
import dev.closeout.domain.complaint.ComplaintEvent.ComplaintTransferred;
import dev.closeout.domain.complaint.ComplaintId;
import dev.closeout.domain.time.Assessment;
import dev.closeout.projections.complaint.ComplaintView;
import dev.closeout.projections.complaint.ComplaintViews;
import dev.closeout.projections.support.OfficeZone;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.modelling.command.ConcurrencyException;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Sends complaint commands and reads complaints: views from the projection, history from the
 * event store, each masked for readers who may not see the complainant.
 */
@Service
public class ComplaintService {

    /** The fields every history entry starts with, which no complainant writes. */
    private static final Set<String> HISTORY_FRAME = Set.of("sequence", "type", "occurredAt", "actor", "taskId");

    private final CommandSender commands;
    private final EventStore eventStore;
    private final ComplaintViews views;
    private final ReadYourWrites readYourWrites;
    private final OfficeZone zone;
    private final Clock clock;
    private final HistoryEntries history;
    private final Colours colours;

    public ComplaintService(CommandSender commands, EventStore eventStore, ComplaintViews views,
                            ReadYourWrites readYourWrites, OfficeZone zone, Clock clock, HistoryEntries history,
                            Colours colours) {
        this.commands = commands;
        this.eventStore = eventStore;
        this.views = views;
        this.readYourWrites = readYourWrites;
        this.zone = zone;
        this.clock = clock;
        this.history = history;
        this.colours = colours;
    }

    /**
     * Receives the complaint; a {@code retry} (a request under an Idempotency-Key) whose complaint is stored already
     * is answered as the first was when it asked for the same receipt, and refused naming the header when it asked
     * for another.
     */
    public void receive(ComplaintCommand.ReceiveComplaint command, boolean retry) {
        try {
            commands.create(command);
        } catch (RuntimeException failed) {
            if (!retry || !CommandSender.createdAlready(failed)) {
                throw failed;
            }
            Optional<ComplaintEvent.ComplaintReceived> stored = receipt(command.complaintId());
            if (stored.isEmpty()) {
                // a replica set's majority may not show the first attempt's receipt yet: a conflict to retry
                throw failed;
            }
            if (!sameReceipt(stored.get(), command)) {
                throw new InvalidValueException(IdempotencyKey.HEADER, "was already used for another complaint ("
                        + command.complaintId().value() + ")");
            }
        }
        readYourWrites.await(command.complaintId().value(), 0, views::version);
    }

    private Optional<ComplaintEvent.ComplaintReceived> receipt(ComplaintId id) {
        List<? extends DomainEventMessage<?>> events = ItemEvents.of(eventStore, id.value(), Complaint.class);
        return events.isEmpty() || !(events.get(0).getPayload() instanceof ComplaintEvent.ComplaintReceived stored)
                ? Optional.empty() : Optional.of(stored);
    }

    /**
     * Whether {@code stored} was received as the command asks; its time, when it gives one, as stored or recorded as
     * the first attempt's now (a time ahead of the server's clock, within its tolerance).
     */
    private static boolean sameReceipt(ComplaintEvent.ComplaintReceived stored, ComplaintCommand.ReceiveComplaint command) {
        return stored.channel() == command.channel() && stored.referredBy() == command.referredBy()
                && Objects.equals(stored.subject(), command.subject())
                && Objects.equals(stored.content(), command.content())
                && Objects.equals(stored.complainant(), command.complainant())
                && Objects.equals(stored.category(), command.category())
                && Objects.equals(stored.referral(), command.referral())
                && (command.receivedAt() == null || command.receivedAt().equals(stored.receivedAt())
                    || command.receivedAt().isAfter(stored.receivedAt())
                    && !command.receivedAt().isAfter(stored.receivedAt().plus(Complaint.CLOCK_TOLERANCE)));
    }

    /** Sends the command; the complaint as it now stands for the reader, or empty if the view has not caught up. */
    public Optional<ComplaintResponse> send(ComplaintCommand command, Actor reader) {
        long version = appended(command);
        return readYourWrites.awaitRead(command.complaintId().value(), version, key -> views.findAtLeast(key, version))
                .map(view -> respond(view, reader));
    }

    /**
     * Converts the complaint and answers the conversion as the complaint recorded it, with the title
     * and lead department it resolved. A retry under the same {@code Idempotency-Key} sends the same
     * task id, and the complaint answers its first conversion again (after its permission check), which must be
     * the conversion the retry asks for, else the key is refused as another conversion's;
     * a retry racing the first attempt loses the append and is sent once more, to be answered so.
     * The task itself is registered from the conversion event by {@link ConvertedComplaintTaskPolicy}.
     */
    public ComplaintConvertedToTask convert(ComplaintCommand.ConvertComplaintToTask command) {
        ComplaintConvertedToTask conversion;
        try {
            conversion = commands.ask(command);
        } catch (ConcurrencyException lostRace) {
            conversion = commands.ask(command);
        }
        // a conversion made now is the one asked for: only a retry's answer can differ
        if (!sameConversion(conversion, command)) {
            throw new InvalidValueException(IdempotencyKey.HEADER, "was already used for another conversion of this "
                    + "complaint (into task " + conversion.taskId().value() + ", ledger " + conversion.ledger()
                    + ", due " + conversion.dueDate() + ")");
        }
        return conversion;
    }

    /**
     * Whether {@code stored} converted the complaint as the command asks: the same ledger and due date, and the title
     * and lead department when the command gives them (left out, each is what the first attempt resolved for it).
     */
    private static boolean sameConversion(ComplaintConvertedToTask stored,
                                          ComplaintCommand.ConvertComplaintToTask command) {
        return stored.ledger().equals(command.ledger()) && stored.dueDate().equals(command.dueDate())
                && (command.title() == null || command.title().equals(stored.title()))
                && (command.leadDepartment() == null || command.leadDepartment().equals(stored.leadDepartment()));
    }

    /**
     * True once the complaint's view lists the conversion's task, as the complaint's page and API answer it; false
     * if that did not happen in time (a retry's conversion, recorded before, is listed already).
     */
    public boolean awaitShown(ComplaintConvertedToTask conversion) {
        String taskId = conversion.taskId().value();
        return readYourWrites.awaitRead(conversion.complaintId().value(), 0, key -> views.find(key)
                .filter(view -> view.convertedTaskIds().contains(taskId))).isPresent();
    }

    private long appended(ComplaintCommand command) {
        return commands.send(command, command.complaintId().value());
    }

    public Optional<ComplaintResponse> view(ComplaintId id, Actor reader) {
        return views.find(id.value()).map(view -> respond(view, reader));
    }

    /** The views of {@code ids} read in one batch, for the reader; an id without a view (not replayed yet) is left out. */
    public List<ComplaintResponse> views(List<String> ids, Actor reader) {
        return views.findAll(ids).stream().map(view -> respond(view, reader)).toList();
    }

    private ComplaintResponse respond(ComplaintView view, Actor reader) {
        LocalDate today = zone.today(clock);
        boolean overdue = view.isOverdueOn(today);
        Assessment colour = colours.of(view);
        ReferralResponse referral = ReferralResponse.of(view.referral(), today);
        if (ComplainantVisibility.mayView(reader, view.department()) || view.complainant() == null) {
            return new ComplaintResponse(view, false, overdue, colour.colour(), colour.reasons(), referral);
        }
        return new ComplaintResponse(view.withComplainantMasked(), true, overdue, colour.colour(), colour.reasons(),
                referral);
    }

    /**
     * Every event of the complaint, oldest first, read from the event store itself. The
     * complainant in the receipt is masked unless the reader may see it as the complaint now stands.
     */
    public List<Map<String, Object>> history(ComplaintId id, Actor reader) {
        List<Map<String, Object>> entries = new ArrayList<>();
        Complainant complainant = null;
        Map<String, Object> receipt = null;
        String assignedDepartment = null;
        for (DomainEventMessage<?> event : ItemEvents.of(eventStore, id.value(), Complaint.class)) {
            Object payload = event.getPayload();
            if (payload instanceof ComplaintEvent.ComplaintReceived received) {
                complainant = received.complainant();
            } else if (payload instanceof ComplaintAssigned assigned) {
                assignedDepartment = assigned.department();
            } else if (payload instanceof ComplaintTransferred transferred) {
                assignedDepartment = transferred.toDepartment();
            }
            Map<String, Object> entry = history.of(event, "complaintId");
            if (payload instanceof ComplaintConvertedToTask converted) {
                // The task id as it appears in URLs, not as the record it is inside the event.
                entry.put("taskId", converted.taskId().value());
            }
            if (payload instanceof ComplaintEvent.ComplaintReceived) {
                receipt = entry;
            }
            entries.add(entry);
        }
        if (complainant != null && !ComplainantVisibility.mayView(reader, assignedDepartment)) {
            UnaryOperator<String> mask = complainant.masking();
            for (Map<String, Object> entry : entries) {
                for (Map.Entry<String, Object> field : entry.entrySet()) {
                    if (!HISTORY_FRAME.contains(field.getKey())) {
                        field.setValue(maskedIn(field.getValue(), mask));
                    }
                }
            }
            Map<String, Object> masked = new LinkedHashMap<>();
            masked.put("name", complainant.maskedName());
            masked.put("phone", complainant.maskedPhone());
            receipt.put("complainant", masked);
            receipt.put("complainantMasked", true);
        }
        return entries;
    }

    /** A field of an event as the history shows it, with the complainant masked in every text it holds. */
    private static Object maskedIn(Object value, UnaryOperator<String> mask) {
        if (value instanceof String text) {
            return mask.apply(text);
        }
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> masked = new LinkedHashMap<>();
            map.forEach((key, inner) -> masked.put(key, maskedIn(inner, mask)));
            return masked;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(inner -> maskedIn(inner, mask)).toList();
        }
        return value;
    }
}
