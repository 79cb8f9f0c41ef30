package dev.closeout.application.spreadsheet;

import dev.closeout.domain.common.InvalidValueException;
import dev.closeout.domain.task.Milestone;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A 阶段目标 (milestones) cell: one milestone per entry, entries separated by {@code ;}, {@code ；} or line
 * breaks, each its due date then its title, apart by a space or a colon:
 * {@code 2026-03-31 一季度目标; 2026-06-30 二季度目标}. The date is read as 完成时限's are ({@link OfficeDates}).
 */
final class MilestoneCell {

    static final String EXAMPLE = "2026-03-31 一季度目标; 2026-06-30 二季度目标";

    private static final Pattern ENTRIES = Pattern.compile("[;；\\n]+");
    private static final Pattern DATE_THEN_TITLE = Pattern.compile("(\\S+?)\\s*[:：]\\s*(.+)|(\\S+)\\s+(.+)");

    private MilestoneCell() {
    }

    /** The milestones written, none for a blank cell; an {@link InvalidValueException} naming {@code field}. */
    static List<Milestone.Plan> parse(String written, String field) {
        List<Milestone.Plan> plans = new ArrayList<>();
        if (written == null || written.isBlank()) {
            return plans;
        }
        for (String entry : ENTRIES.split(written.strip())) {
            if (entry.isBlank()) {
                continue;
            }
            String where = "milestone " + (plans.size() + 1) + " ";
            Matcher m = DATE_THEN_TITLE.matcher(entry.strip());
            if (!m.matches()) {
                throw new InvalidValueException(field, where + "「" + entry.strip() + "」 needs a date and a title: "
                        + "write them as " + EXAMPLE);
            }
            String date = m.group(1) != null ? m.group(1) : m.group(3);
            String title = m.group(1) != null ? m.group(2) : m.group(4);
            try {
                plans.add(new Milestone.Plan(title.strip(), OfficeDates.parse(date, field)));
            } catch (InvalidValueException e) {
                throw new InvalidValueException(field, where + e.getMessage().substring(field.length() + 1));
            }
        }
        return plans;
    }
}
