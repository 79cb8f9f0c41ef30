package dev.closeout.application.spreadsheet;

import dev.closeout.domain.common.InvalidValueException;
import dev.closeout.domain.task.TaskSource;

import java.text.Normalizer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A 来源 as a sheet writes it: the Chinese label (省上督办, 市级交办, 自行梳理, 督查发现, 信访转办, with a few
 * variants) or the API's code ({@code CITY_ASSIGNMENT}); blank is 自行梳理, as for the API.
 */
final class SourceLabels {

    /** The label of each source, as the import template offers them. */
    static final Map<TaskSource, String> LABELS = labels();

    private static final Map<String, TaskSource> VARIANTS = Map.of(
            "省级督办", TaskSource.PROVINCIAL_SUPERVISION, "省督办", TaskSource.PROVINCIAL_SUPERVISION,
            "市上交办", TaskSource.CITY_ASSIGNMENT, "市交办", TaskSource.CITY_ASSIGNMENT,
            "督查检查发现", TaskSource.INSPECTION, "投诉转办", TaskSource.COMPLAINT);

    private SourceLabels() {
    }

    private static Map<TaskSource, String> labels() {
        Map<TaskSource, String> labels = new LinkedHashMap<>();
        labels.put(TaskSource.PROVINCIAL_SUPERVISION, "省上督办");
        labels.put(TaskSource.CITY_ASSIGNMENT, "市级交办");
        labels.put(TaskSource.SELF_IDENTIFIED, "自行梳理");
        labels.put(TaskSource.INSPECTION, "督查发现");
        labels.put(TaskSource.COMPLAINT, "信访转办");
        return labels;
    }

    /** The source written, {@code null} for a blank cell; an {@link InvalidValueException} naming {@code field}. */
    static TaskSource parse(String written, String field) {
        if (written == null || written.isBlank()) {
            return null;
        }
        String text = Normalizer.normalize(written, Normalizer.Form.NFKC).replaceAll("\\s", "");
        for (Map.Entry<TaskSource, String> label : LABELS.entrySet()) {
            if (label.getValue().equals(text) || label.getKey().name().equals(text.toUpperCase(Locale.ROOT))) {
                return label.getKey();
            }
        }
        TaskSource variant = VARIANTS.get(text);
        if (variant == null) {
            throw new InvalidValueException(field, "「" + written + "」 is not a source: write one of "
                    + String.join("、", List.copyOf(LABELS.values())));
        }
        return variant;
    }
}
