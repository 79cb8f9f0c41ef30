package dev.closeout.application.workspace;

import org.springframework.http.ProblemDetail;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A command a form sent and the item refused, shown beside that form: the API's problem detail for
 * the same refusal, and the field it names (if any), beside that field.
 *
 * @param item  the task or complaint id the form belongs to
 * @param form  the form's slug
 * @param drawn whether a form of the page showed it (see {@link #alone()})
 */
record Refusal(String item, String form, String field, String detail, int status, AtomicBoolean drawn) {

    static Refusal of(String item, String form, ProblemDetail problem) {
        Object field = problem.getProperties() == null ? null : problem.getProperties().get("field");
        return new Refusal(item, form, field == null ? null : field.toString(), problem.getDetail(),
                problem.getStatus(), new AtomicBoolean());
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
