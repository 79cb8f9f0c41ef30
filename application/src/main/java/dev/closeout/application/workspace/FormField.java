package dev.closeout.application.workspace;

/**
 * One input of an action form: its name (the API's field name, so a refusal naming it lands beside it)
 * and its HTML input type ({@code textarea} for a multi-line one, {@link #FILES} for evidence files, which
 * makes its form post {@code multipart/form-data}). Its label is the message {@code form.<slug>.<name>}.
 */
public record FormField(String name, String type) {

    /** Evidence files: a file input that takes several, as the evidence upload accepts them. */
    static final String FILES = "files";

    static FormField text(String name) {
        return new FormField(name, "text");
    }
}
