package dev.closeout.application.workspace;

/**
 * One input of an action form: its name (the API's field name, so a refusal naming it lands beside it)
 * and its HTML input type ({@code textarea} for a multi-line one). Its label is the message
 * {@code form.<slug>.<name>}.
 */
public record FormField(String name, String type) {

    static FormField text(String name) {
        return new FormField(name, "text");
    }
}
