package dev.closeout.application.workspace;

import dev.closeout.application.complaint.ComplaintService;
import dev.closeout.application.security.CloseoutUser;
import dev.closeout.application.task.TaskService;
import dev.closeout.domain.common.Actor;
import dev.closeout.domain.common.EscalationLadder;
import dev.closeout.projections.alert.Alert;
import dev.closeout.projections.alert.AlertFeed;
import dev.closeout.projections.alert.AlertFilter;
import dev.closeout.projections.alert.AlertProjection;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * 预警: the alert feed, newest first, for the roles the API's feed serves people (supervisors and
 * auditors; see {@code AccessRules}). The page shows the newest {@value #SHOWN} alerts; its script
 * ({@code /js/alerts.js}) fetches {@code /alerts/feed}, the same list alone, every
 * {@code closeout.workspace.alert-refresh} (15 s by default) and swaps it in when the feed's head moved.
 * Both read the feed by exact keys from its head, so a refresh costs the same however long the feed.
 */
@Controller
class AlertsPageController {

    static final int SHOWN = 50;

    private final AlertFeed feed;
    private final TaskService tasks;
    private final ComplaintService complaints;
    private final EscalationLadder ladder;
    private final Duration refresh;

    AlertsPageController(AlertFeed feed, TaskService tasks, ComplaintService complaints, EscalationLadder ladder,
                         @Value("${closeout.workspace.alert-refresh:PT15S}") Duration refresh) {
        this.feed = feed;
        this.tasks = tasks;
        this.complaints = complaints;
        this.ladder = ladder;
        this.refresh = refresh;
    }

    @GetMapping("/alerts")
    String alerts(Model model, @AuthenticationPrincipal CloseoutUser user) {
        newest(model, user.actor());
        model.addAttribute("refreshSeconds", Math.max(1, refresh.toSeconds()));
        return "alerts";
    }

    /** The list alone, for the page's script. */
    @GetMapping("/alerts/feed")
    String feed(Model model, @AuthenticationPrincipal CloseoutUser user) {
        newest(model, user.actor());
        return "alerts :: feed";
    }

    private void newest(Model model, Actor reader) {
        long head = feed.head();
        List<Alert> alerts = new ArrayList<>(feed.after(Math.max(0, head - SHOWN), SHOWN, AlertFilter.ALL).alerts());
        Collections.reverse(alerts);
        model.addAttribute("alerts", alerts);
        model.addAttribute("titles", titles(alerts, reader));
        model.addAttribute("head", head);
        model.addAttribute("shown", SHOWN);
        model.addAttribute("levelLabels", ladder.levels().stream()
                .collect(Collectors.toMap(EscalationLadder.Level::code, EscalationLadder.Level::label)));
    }

    /**
     * The title of each task and the subject of each complaint alerted on, by id: one batch read of each kind;
     * a report is titled by its period (its kind is the alert's reason).
     */
    private Map<String, String> titles(List<Alert> alerts, Actor reader) {
        Map<String, String> titles = new HashMap<>();
        List<String> taskIds = alerts.stream().filter(a -> AlertProjection.TASK.equals(a.subjectType()))
                .map(Alert::subjectId).distinct().toList();
        tasks.views(taskIds).forEach(t -> titles.put(t.task().taskId(), t.task().title()));
        List<String> complaintIds = alerts.stream().filter(a -> AlertProjection.COMPLAINT.equals(a.subjectType()))
                .map(Alert::subjectId).distinct().toList();
        complaints.views(complaintIds, reader).forEach(c -> titles.put(c.complaint().complaintId(), c.complaint().subject()));
        alerts.stream().filter(a -> a.report() != null).forEach(a -> titles.put(a.subjectId(), a.report().period()));
        return titles;
    }
}
