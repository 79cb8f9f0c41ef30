package dev.closeout.application.task;

import dev.closeout.domain.common.InvalidValueException;
import dev.closeout.domain.common.Limits;
import dev.closeout.domain.common.Text;
import org.springframework.boot.context.properties.ConfigurationProperties;

import java.util.List;

/**
 * The categories a task may be registered under ({@code closeout.tasks.categories}), as an office
 * sorts its ledger: by default 项目建设 (project construction), 民生实事 (practical matters for the
 * people) and 营商环境 (business environment). A task may have none; any other is refused, naming
 * the field, so the ledger's categories stay the office's list and never a typing variant of it.
 */
@ConfigurationProperties("closeout.tasks")
public record TaskCategories(List<String> categories) {

    static final List<String> DEFAULT = List.of("项目建设", "民生实事", "营商环境");

    public TaskCategories {
        categories = categories == null || categories.isEmpty() ? DEFAULT
                : categories.stream().map(c -> Text.line(c, "closeout.tasks.categories", Limits.NAME)).toList();
    }

    /** The category itself ({@code null} for none), or a refusal naming {@code category} when it is not on the list. */
    public String check(String category) {
        if (category != null && !categories.contains(category)) {
            throw new InvalidValueException("category", "must be one of " + String.join(", ", categories)
                    + " (was " + category + ")");
        }
        return category;
    }
}
