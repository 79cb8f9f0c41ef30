package dev.closeout.application.workspace;

/**
 * One input of an action form: its name (the API's field name, so a refusal naming it lands beside it)
 * and its HTML input type ({@code textarea} for a multi-line one, {@link #FILES} for evidence files, which
 * makes its form post {@code multipart/form-data}; {@link #LEVEL} and {@link #RATING} a choice among the office's
 * escalation levels or the complainant's ratings). Its label is the message {@code form.<slug>.<name>}.
 */
public record FormField(String name, String type) {

    /** Evidence files: a file input that takes several, as the evidence upload accepts them. */
    static final String FILES = "files";
    /** A level of the office's escalation ladder (催办, 督办, 调度 …), as the page's {@code levels} list them. */
    static final String LEVEL = "level";
    /** A rating of a reply (满意, 基本满意, 不满意), as the page's {@code ratings} list them. */
    static final String RATING = "rating";

    static FormField text(String name) {
        return new FormField(name, "text");
    }
}
