package dev.closeout.application.workspace;

import org.springframework.http.ProblemDetail;

/**
 * A command a form sent and the item refused, shown beside that form: the API's problem detail for
 * the same refusal, and the field it names (if any), beside that field.
 *
 * @param item the task or complaint id the form belongs to
 * @param form the form's slug
 */
record Refusal(String item, String form, String field, String detail, int status) {

    static Refusal of(String item, String form, ProblemDetail problem) {
        Object field = problem.getProperties() == null ? null : problem.getProperties().get("field");
        return new Refusal(item, form, field == null ? null : field.toString(), problem.getDetail(),
                problem.getStatus());
    }

    /** Whether this refusal belongs beside the form {@code form} of {@code item}. */
    public boolean at(String item, String form) {
        return this.item.equals(item) && this.form.equals(form);
    }

    /** Whether it names {@code field} of that form. */
    public boolean at(String item, String form, String field) {
        return at(item, form) && field.equals(this.field);
    }
}
