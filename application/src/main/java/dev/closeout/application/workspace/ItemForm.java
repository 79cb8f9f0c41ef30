package dev.closeout.application.workspace;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A form an item's page and list row may offer ({@link TaskForm}, {@link ComplaintForm}): the last segment of its
 * address, {@code /{kind}/{id}/{slug}}, and its inputs, in order (none for a form that is one button).
 */
interface ItemForm {

    /** What every form is: its slug and inputs. */
    record Shape(String slug, List<FormField> fields) {
        Shape(String slug, FormField... fields) {
            this(slug, List.of(fields));
        }
    }

    Shape shape();

    default String slug() {
        return shape().slug();
    }

    default List<FormField> fields() {
        return shape().fields();
    }

    /** The key of its messages: its name, and its inputs' labels below it ({@code form.<slug>.<name>}). */
    default String messages() {
        return "form." + slug();
    }

    /**
     * Whether a list's row offers it too: a supervisor's escalation or rating is weighed on the item's page, its
     * history beside it, not among a hundred rows.
     */
    default boolean listed() {
        return true;
    }

    static <F extends Enum<F> & ItemForm> Optional<F> bySlug(Class<F> forms, String slug) {
        return Arrays.stream(forms.getEnumConstants()).filter(form -> form.slug().equals(slug)).findFirst();
    }
}
