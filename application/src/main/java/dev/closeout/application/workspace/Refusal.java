package dev.closeout.application.workspace;

import org.springframework.http.ProblemDetail;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A command a form sent and the item refused, shown beside that form: the API's problem detail for
 * the same refusal, and the field it names (if any), beside that field.
 *
 * @param item  the task or complaint id the form belongs to
 * @param form  the form's slug
 * @param drawn whether a form of the page showed it (see {@link #alone()})
 */
record Refusal(String item, String form, String field, String detail, int status, AtomicBoolean drawn) {

    /**
     * The reasons a field is refused for most often, as the domain words them after the field's name ("reason must
     * not be blank"), and the message a page says them with beside the field ({@code refusal.<key>}, its arguments
     * the pattern's groups). Shown beside its input, the field needs no naming.
     */
    private static final Map<Pattern, String> FIELD_REASONS = Map.of(
            Pattern.compile("must not be blank|is required"), "required",
            Pattern.compile("has a value that cannot be read"), "unreadable",
            Pattern.compile("must be at most (\\d+) characters"), "tooLong",
            Pattern.compile("must be between (\\S+) and (\\S+)"), "between");

    static Refusal of(String item, String form, ProblemDetail problem) {
        Object field = problem.getProperties() == null ? null : problem.getProperties().get("field");
        return new Refusal(item, form, field == null ? null : field.toString(), problem.getDetail(),
                problem.getStatus(), new AtomicBoolean());
    }

    /**
     * The message key and arguments that say this refusal in the page's language, when it is one of the field's common
     * reasons ({@link #FIELD_REASONS}); otherwise empty, and the page shows the API's detail.
     */
    public Optional<List<Object>> reason() {
        if (field == null || detail == null || !detail.startsWith(field + " ")) {
            return Optional.empty();
        }
        String reason = detail.substring(field.length() + 1);
        for (Map.Entry<Pattern, String> known : FIELD_REASONS.entrySet()) {
            Matcher matched = known.getKey().matcher(reason);
            if (matched.matches()) {
                List<Object> keyAndArguments = new ArrayList<>();
                keyAndArguments.add("refusal." + known.getValue());
                for (int group = 1; group <= matched.groupCount(); group++) {
                    keyAndArguments.add(matched.group(group));
                }
                return Optional.of(keyAndArguments);
            }
        }
        return Optional.empty();
    }

    /**
     * Whether this refusal belongs beside the form {@code form} of {@code item}; asked as that form is drawn, which
     * marks the refusal shown there.
     */
    public boolean at(String item, String form) {
        boolean here = this.item.equals(item) && this.form.equals(form);
        if (here) {
            drawn.set(true);
        }
        return here;
    }

    /**
     * Whether no form of the page was this refusal's: the page, drawn as the item now stands, no longer offers it (the
     * task another clerk claimed meanwhile), so the layout shows the refusal on its own rather than not at all.
     */
    public boolean alone() {
        return !drawn.get();
    }

    /** Whether it names {@code field} of that form. */
    public boolean at(String item, String form, String field) {
        return at(item, form) && field.equals(this.field);
    }
}
