package dev.closeout.application.complaint;

import com.fasterxml.jackson.databind.JsonNode;
import dev.closeout.application.support.ApiClient;
import dev.closeout.application.support.Eventually;
import dev.closeout.application.support.IntegrationTest;
import dev.closeout.domain.complaint.ComplaintChannel;
import dev.closeout.domain.complaint.ComplaintEvent;
import dev.closeout.domain.complaint.ComplaintStatus;
import dev.closeout.domain.complaint.Referral;
import dev.closeout.domain.complaint.Satisfaction;
import dev.closeout.domain.task.TaskEvent;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Instant;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A realistic batch: 48 complaints from every referral source and channel, received around a
 * month's end, driven through every path (transfer granted and refused, dissatisfied → reopened
 * → replied → closed, reopened after closure, escalated, converted into a task). The complaint
 * ledger must then equal a recount made from the event store.
 */
class ComplaintLedgerTest extends IntegrationTest {

    private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
    private static final int COMPLAINTS = 48;
    /** 2025-01-30 08:00 in Shanghai; every 3 hours one more complaint, across the end of January. */
    private static final Instant FIRST_RECEIPT = Instant.parse("2025-01-30T00:00:00Z");
    private static final LocalDate PAST_DUE = LocalDate.parse("2025-02-15");

    @Autowired
    EventStore eventStore;

    @Test
    void the_complaint_ledger_equals_a_recount_from_the_event_store_after_a_batch_through_every_path() {
        List<String> ids = new ArrayList<>();
        int conversions = 0;
        for (int i = 0; i < COMPLAINTS; i++) {
            String id = receive(i);
            ids.add(id);
            conversions += drive(i, "/api/complaints/" + id);
        }

        for (String[] period : new String[][]{{"2025-01-01", "2025-02-28"}, {"2025-02-01", "2025-02-28"},
                {"2025-01-30", "2025-01-31"}}) {
            LocalDate from = LocalDate.parse(period[0]);
            LocalDate to = LocalDate.parse(period[1]);
            Map<String, String> expected = recount(ids, from, to);
            Map<String, String> actual = awaitFigures(from, to, expected);
            assertThat(actual).as("complaint ledger " + from + " to " + to).isEqualTo(expected);
        }
        Map<String, String> all = recount(ids, LocalDate.parse("2025-01-01"), LocalDate.parse("2025-02-28"));
        assertThat(all.get("total")).startsWith(COMPLAINTS + "/");
        assertThat(all).containsKeys("referral PROVINCE", "referral CITY", "referral COUNTY", "referral NONE",
                "department unassigned", "department DEPT-A", "department DEPT-B");
        assertThat(registeredTasksNaming(ids)).isEqualTo(conversions);
    }

    private String receive(int i) {
        Referral referral = Referral.values()[(i / 8) % Referral.values().length];
        ComplaintChannel channel = ComplaintChannel.values()[i % ComplaintChannel.values().length];
        ApiClient.Response created = supervisor.post("/api/complaints", Map.of("channel", channel.name(),
                "referredBy", referral.name(), "subject", "诉求 " + i, "content", "群众反映问题 " + i,
                "complainant", Map.of("phone", "0931-" + (8_000_000 + i)),
                "receivedAt", FIRST_RECEIPT.plus(3L * i, ChronoUnit.HOURS).toString()));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().get("complaintId").asText();
    }

    /** Drives complaint {@code i} along one of eight paths; answers how many tasks it was converted into. */
    private int drive(int i, String path) {
        String department = i % 3 == 0 ? "DEPT-B" : "DEPT-A";
        ApiClient dept = i % 3 == 0 ? deptB : deptA;
        String due = i % 2 == 0 ? PAST_DUE.toString() : today().plusDays(30).toString();
        int path8 = i % 8;
        if (path8 == 0) {
            return 0;
        }
        ok(supervisor.post(path + "/assign", Map.of("department", department, "dueDate", due)));
        switch (path8) {
            case 1 -> {
            }
            case 2 -> ok(dept.post(path + "/accept"));
            case 3 -> {
                ok(dept.post(path + "/transfer-request", Map.of("reason", "不属于本单位")));
                String other = department.equals("DEPT-A") ? "DEPT-B" : "DEPT-A";
                ok(supervisor.post(path + "/transfer", Map.of("department", other, "reason", "同意转办")));
                ApiClient otherDept = dept == deptA ? deptB : deptA;
                ok(otherDept.post(path + "/accept"));
                ok(otherDept.post(path + "/reply", Map.of("content", "已办理")));
                ok(supervisor.post(path + "/satisfaction", Map.of("rating", "SATISFIED")));
                ok(supervisor.post(path + "/close"));
            }
            case 4 -> {
                replied(dept, path);
                ok(supervisor.post(path + "/satisfaction", Map.of("rating", "DISSATISFIED")));
                ok(supervisor.post(path + "/reopen", Map.of("reason", "群众不满意", "dueInWorkingDays", 10)));
                replied(dept, path);
                ok(supervisor.post(path + "/satisfaction", Map.of("rating", "BASICALLY_SATISFIED")));
                ok(supervisor.post(path + "/close"));
            }
            case 5 -> {
                replied(dept, path);
                ok(supervisor.post(path + "/close"));
                ok(supervisor.post(path + "/reopen", Map.of("reason", "回头看发现反弹", "dueDate",
                        today().plusDays(30).toString())));
            }
            case 6 -> {
                ApiClient.Response converted = supervisor.post(path + "/convert-to-task", Map.of(
                        "ledger", "信访整改台账 2025", "dueDate", today().plusDays(60).toString()));
                assertThat(converted.status()).as(converted.toString()).isEqualTo(201);
                replied(dept, path);
                ok(supervisor.post(path + "/satisfaction", Map.of("rating", "DISSATISFIED")));
                return 1;
            }
            default -> {
                ok(dept.post(path + "/transfer-request", Map.of("reason", "不属于本单位")));
                ok(supervisor.post(path + "/transfer/reject", Map.of("reason", "属于本单位职责")));
                ok(supervisor.post(path + "/escalate", Map.of("level", "催办", "reason", "临近期限")));
                replied(dept, path);
                ok(supervisor.post(path + "/close"));
            }
        }
        return 0;
    }

    private static void replied(ApiClient dept, String path) {
        ok(dept.post(path + "/accept"));
        ok(dept.post(path + "/reply", Map.of("content", "已答复")));
    }

    private static void ok(ApiClient.Response response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
    }

    /** One complaint as its events tell it. */
    private static final class Folded {
        Referral referral;
        ComplaintChannel channel;
        LocalDate receivedOn;
        String department;
        LocalDate due;
        ComplaintStatus status;
        boolean replied;
        Satisfaction rating;
        boolean reopened;
    }

    private Map<String, String> recount(List<String> ids, LocalDate from, LocalDate to) {
        LocalDate today = today();
        List<Folded> complaints = new ArrayList<>();
        for (String id : ids) {
            Folded c = fold(id);
            if (!c.receivedOn.isBefore(from) && !c.receivedOn.isAfter(to)) {
                complaints.add(c);
            }
        }
        Map<String, String> figures = new TreeMap<>();
        figures.put("total", figures(complaints, today));
        group(complaints, c -> "referral " + c.referral).forEach((k, v) -> figures.put(k, figures(v, today)));
        group(complaints, c -> "channel " + c.channel).forEach((k, v) -> figures.put(k, figures(v, today)));
        group(complaints, c -> "department " + (c.department == null ? "unassigned" : c.department))
                .forEach((k, v) -> figures.put(k, figures(v, today)));
        for (Referral referral : Referral.values()) {
            figures.putIfAbsent("referral " + referral, figures(List.of(), today));
        }
        for (ComplaintChannel channel : ComplaintChannel.values()) {
            figures.putIfAbsent("channel " + channel, figures(List.of(), today));
        }
        return figures;
    }

    private Folded fold(String id) {
        Folded c = new Folded();
        DomainEventStream stream = eventStore.readEvents(id, 0);
        while (stream.hasNext()) {
            Object event = stream.next().getPayload();
            if (event instanceof ComplaintEvent.ComplaintReceived r) {
                c.referral = r.referredBy();
                c.channel = r.channel();
                c.receivedOn = LocalDate.ofInstant(r.receivedAt(), CHINA);
                c.status = ComplaintStatus.RECEIVED;
            } else if (event instanceof ComplaintEvent.ComplaintAssigned a) {
                c.department = a.department();
                c.due = a.dueDate();
                c.status = ComplaintStatus.ASSIGNED;
            } else if (event instanceof ComplaintEvent.ComplaintTransferred t) {
                c.department = t.toDepartment();
                c.due = t.dueDate();
                c.status = ComplaintStatus.ASSIGNED;
            } else if (event instanceof ComplaintEvent.ComplaintAccepted) {
                c.status = ComplaintStatus.ACCEPTED;
            } else if (event instanceof ComplaintEvent.ComplaintReplied) {
                c.status = ComplaintStatus.REPLIED;
                c.replied = true;
            } else if (event instanceof ComplaintEvent.ComplaintSatisfactionRecorded s) {
                c.rating = s.rating();
            } else if (event instanceof ComplaintEvent.ComplaintClosed) {
                c.status = ComplaintStatus.CLOSED;
            } else if (event instanceof ComplaintEvent.ComplaintReopened r) {
                c.status = ComplaintStatus.ASSIGNED;
                c.due = r.dueDate();
                c.reopened = true;
            }
        }
        return c;
    }

    private static Map<String, List<Folded>> group(List<Folded> complaints, Function<Folded, String> key) {
        Map<String, List<Folded>> groups = new TreeMap<>();
        complaints.forEach(c -> groups.computeIfAbsent(key.apply(c), k -> new ArrayList<>()).add(c));
        return groups;
    }

    private static String figures(List<Folded> complaints, LocalDate today) {
        long received = complaints.size();
        long closed = complaints.stream().filter(c -> c.status == ComplaintStatus.CLOSED).count();
        long replied = complaints.stream().filter(c -> c.replied).count();
        long responseDue = complaints.stream().filter(c -> c.replied || c.due != null && today.isAfter(c.due)).count();
        long overdue = complaints.stream().filter(c -> c.status != ComplaintStatus.CLOSED && c.due != null
                && today.isAfter(c.due)).count();
        long rated = complaints.stream().filter(c -> c.rating != null).count();
        long satisfied = complaints.stream().filter(c -> c.rating == Satisfaction.SATISFIED
                || c.rating == Satisfaction.BASICALLY_SATISFIED).count();
        long reopened = complaints.stream().filter(c -> c.reopened).count();
        return format(received, closed, replied, received - closed, overdue, rated, reopened,
                ratio(closed, received), ratio(replied, responseDue), ratio(satisfied, rated));
    }

    private static Double ratio(long numerator, long denominator) {
        return denominator == 0 ? null : (double) numerator / denominator;
    }

    private static String format(long received, long closed, long replied, long open, long overdue, long rated,
                                 long reopened, Double closureRate, Double responseRate, Double satisfactionRate) {
        return String.format(Locale.ROOT, "%d/%d/%d/%d/%d/%d/%d %s %s %s", received, closed, replied, open,
                overdue, rated, reopened, rate(closureRate), rate(responseRate), rate(satisfactionRate));
    }

    /** Six decimals, or "—" for a rate with nothing to divide by (left out of the answer). */
    private static String rate(Double rate) {
        return rate == null ? "—" : String.format(Locale.ROOT, "%.6f", rate);
    }

    private static Double rate(JsonNode figures, String field) {
        return figures.hasNonNull(field) ? figures.get(field).asDouble() : null;
    }

    private static String format(JsonNode f) {
        return format(f.get("received").asLong(), f.get("closed").asLong(), f.get("replied").asLong(),
                f.get("open").asLong(), f.get("overdue").asLong(), f.get("rated").asLong(),
                f.get("reopened").asLong(), rate(f, "closureRate"), rate(f, "responseRate"),
                rate(f, "satisfactionRate"));
    }

    private Map<String, String> figures(LocalDate from, LocalDate to) {
        JsonNode report = auditor.get("/api/complaint-ledger?from=" + from + "&to=" + to).json();
        Map<String, String> figures = new TreeMap<>();
        figures.put("total", format(report));
        report.get("byReferral").fields().forEachRemaining(e -> figures.put("referral " + e.getKey(),
                format(e.getValue())));
        report.get("byChannel").fields().forEachRemaining(e -> figures.put("channel " + e.getKey(),
                format(e.getValue())));
        report.get("departments").forEach(d -> figures.put("department " + d.get("department").asText(), format(d)));
        return figures;
    }

    /** The ledger is a tracking projection: give it a moment to fold in the last events. */
    private Map<String, String> awaitFigures(LocalDate from, LocalDate to, Map<String, String> expected) {
        return Eventually.until(Duration.ofSeconds(60), () -> figures(from, to), expected::equals);
    }

    private long registeredTasksNaming(List<String> complaintIds) {
        long count = 0;
        for (String id : complaintIds) {
            DomainEventStream stream = eventStore.readEvents(id, 0);
            while (stream.hasNext()) {
                if (stream.next().getPayload() instanceof ComplaintEvent.ComplaintConvertedToTask converted) {
                    DomainEventStream task = eventStore.readEvents(converted.taskId().value(), 0);
                    if (task.hasNext() && task.next().getPayload() instanceof TaskEvent.TaskRegistered registered
                            && id.equals(registered.complaintId())) {
                        count++;
                    }
                }
            }
        }
        return count;
    }
}
