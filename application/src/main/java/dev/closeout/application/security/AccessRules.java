package dev.closeout.application.security;

import dev.closeout.domain.common.Role;
import jakarta.servlet.DispatcherType;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.AndRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

import java.util.Arrays;
import java.util.Set;

/**
 * Who may use which path. A rule names paths, not methods, so that HEAD, OPTIONS and every other
 * method are refused wherever GET is; a rule names methods only where more roles may read a path
 * than may change it. Paths are matched the way Spring MVC routes them (path patterns over the
 * request URI, segment by segment, each segment decoded), and whatever no rule names is refused:
 * a variant that routes to no controller (a trailing slash, another case, a doubled slash, an
 * encoded separator) is refused rather than let through by a rule it happens not to match.
 */
final class AccessRules {

    private static final String SUPERVISOR = Role.SUPERVISOR.name();
    private static final String DEPARTMENT = Role.DEPARTMENT.name();
    private static final String AUDITOR = Role.AUDITOR.name();
    private static final String ALERT_CONSUMER = Role.ALERT_CONSUMER.name();
    private static final String OPERATOR = Role.OPERATOR.name();
    private static final String[] READERS = {SUPERVISOR, DEPARTMENT, AUDITOR};

    /** Methods that change nothing, so a role that may read a path may send them. */
    private static final Set<String> READING = Set.of("GET", "HEAD", "OPTIONS");

    private static final PathPatternRequestMatcher.Builder PATHS = PathPatternRequestMatcher.withDefaults();

    /**
     * What the API's filter chain answers (HTTP Basic, problem details); every other path is a page.
     * {@code /error}, the container's error page, answers in problem details, so it is the API's too.
     */
    static final RequestMatcher API = paths("/api/**", "/actuator/**", "/v3/**", "/error");

    private AccessRules() {
    }

    static void apply(AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry auth) {
        auth
                // Boot's error page renders a failure the request already met; the request itself was checked.
                .dispatcherTypeMatchers(DispatcherType.ERROR).permitAll()
                // TRACE echoes the request back, credentials included; nothing here needs it.
                .requestMatchers(request -> HttpMethod.TRACE.matches(request.getMethod())).denyAll()
                .requestMatchers(paths("/actuator/health/**", "/v3/api-docs/**", "/v3/api-docs.yaml")).permitAll()
                // Metrics name ledgers and subscriptions and count their items: the operators' alone.
                .requestMatchers(paths("/actuator/prometheus")).hasRole(OPERATOR)
                // Every signed-in user may change its own password (a configured user is told to ask configuration).
                .requestMatchers(paths("/actuator/info", "/api/calendar/**", "/api/me/password")).authenticated()
                // Dead letters are read models that stopped on an event: the operators' as much as the supervisors'.
                .requestMatchers(paths("/api/admin/dead-letters/**")).hasAnyRole(SUPERVISOR, OPERATOR)
                // Includes the users added through the API (/api/admin/users/**): supervisors administer them.
                .requestMatchers(paths("/api/admin/**")).hasRole(SUPERVISOR)
                // Auditors verify and export; recording a digest on demand is the supervisors'.
                .requestMatchers(reading("/api/audit/**")).hasAnyRole(SUPERVISOR, AUDITOR)
                .requestMatchers(paths("/api/audit/**")).hasRole(SUPERVISOR)
                .requestMatchers(paths("/api/alerts/**")).hasAnyRole(ALERT_CONSUMER, SUPERVISOR, AUDITOR)
                // Alert consumers manage their own subscriptions (the controller hides others'); only
                // supervisors put a parked delivery back in line, since it may hammer a recovering endpoint.
                .requestMatchers(paths("/api/webhooks/*/deliveries/*/retry/**")).hasRole(SUPERVISOR)
                .requestMatchers(reading("/api/webhooks/**")).hasAnyRole(SUPERVISOR, ALERT_CONSUMER, AUDITOR)
                .requestMatchers(paths("/api/webhooks/**")).hasAnyRole(SUPERVISOR, ALERT_CONSUMER)
                // Which department may change which item is the aggregates' to say; here only who may try.
                // That includes a task's milestones (/api/tasks/{id}/milestones/**): a supervisor plans,
                // confirms and returns them, the lead department reports one met; and an item's referral
                // report-back (/api/tasks/{id}/referral/report-back, the complaint's alike).
                .requestMatchers(reading("/api/tasks/**", "/api/complaints/**")).hasAnyRole(READERS)
                .requestMatchers(paths("/api/tasks/**", "/api/complaints/**")).hasAnyRole(SUPERVISOR, DEPARTMENT)
                // Inspection rounds are the supervisors' plan and record; departments see the tasks they become.
                .requestMatchers(reading("/api/inspection-rounds/**")).hasAnyRole(SUPERVISOR, AUDITOR)
                .requestMatchers(paths("/api/inspection-rounds/**")).hasRole(SUPERVISOR)
                // The cadence reports (周跟进 · 月调度 · 季总结) are the supervisors' meetings' papers: auditors
                // read them too; generating one is the supervisors'.
                .requestMatchers(reading("/api/reports/**")).hasAnyRole(SUPERVISOR, AUDITOR)
                .requestMatchers(paths("/api/reports/**")).hasRole(SUPERVISOR)
                // Importing a 清单 registers tasks, which only supervisors do.
                .requestMatchers(paths("/api/ledgers/*/import")).hasRole(SUPERVISOR)
                // A ledger as of a past day (?asOf=) and its trend (/api/ledgers/*/trend) are read as the ledger is.
                .requestMatchers(paths("/api/ledgers/**", "/api/ledgers/*/trend", "/api/complaint-ledger/**",
                        "/api/scorecards/**", "/api/scorecards.xlsx", "/api/search", "/api/referrals"))
                .hasAnyRole(READERS)
                .anyRequest().denyAll();
    }

    /**
     * The browser pages, signed in with a form and a session. What a user may do on an item is still
     * the aggregates' to say; here only who may open which page.
     */
    static void pages(AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry auth) {
        auth
                .dispatcherTypeMatchers(DispatcherType.ERROR).permitAll()
                // A forward is made by this application (the page that says a request was refused); the
                // request that led to it was checked.
                .dispatcherTypeMatchers(DispatcherType.FORWARD).permitAll()
                .requestMatchers(request -> HttpMethod.TRACE.matches(request.getMethod())).denyAll()
                // The 公示 public board, and the pages' stylesheets, scripts and icon, which hold no data.
                .requestMatchers(paths("/signin", "/css/**", "/js/**", "/public/**", "/favicon.svg"))
                .permitAll()
                .requestMatchers(paths("/desk/**")).hasRole(SUPERVISOR)
                // Departments read no alert feed through the API either.
                .requestMatchers(paths("/alerts/**")).hasAnyRole(SUPERVISOR, AUDITOR)
                // The reports, as through the API: auditors read them, supervisors also generate one.
                .requestMatchers(reading("/reports")).hasAnyRole(SUPERVISOR, AUDITOR)
                .requestMatchers(paths("/reports")).hasRole(SUPERVISOR)
                // The referral ledger, read by whoever reads it through the API (/api/referrals); nothing is posted to it.
                .requestMatchers(reading("/referrals")).hasAnyRole(READERS)
                .requestMatchers(paths("/", "/signout", "/tasks/**", "/complaints/**", "/ledgers/**", "/board.html",
                        "/search"))
                .hasAnyRole(READERS)
                .anyRequest().denyAll();
    }

    static RequestMatcher paths(String... patterns) {
        return new OrRequestMatcher(Arrays.stream(patterns).<RequestMatcher>map(PATHS::matcher).toList());
    }

    private static RequestMatcher reading(String... patterns) {
        return new AndRequestMatcher(request -> READING.contains(request.getMethod()), paths(patterns));
    }
}
