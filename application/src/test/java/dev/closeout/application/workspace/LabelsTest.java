package dev.closeout.application.workspace;

import dev.closeout.domain.complaint.ComplaintEvent;
import dev.closeout.domain.task.TaskEvent;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every value a page shows has a readable label in Chinese and in English: each enum's values, each event of an
 * item's history and each field it records. A value added to the domain without its labels fails here, instead of
 * reaching a page as its Java name.
 */
class LabelsTest {

    /** Fields the timeline never shows as a detail: the item's own id, who acted, and the linked evidence files. */
    private static final Set<String> NOT_SHOWN = Set.of("taskId", "complaintId", "actor", "evidenceFiles");

    @Test
    void every_enum_value_a_page_shows_has_a_label_in_both_languages() throws IOException {
        List<String> keys = new ArrayList<>();
        Labels.PREFIXES.forEach((type, prefix) -> Stream.of(type.getEnumConstants())
                .forEach(value -> keys.add(prefix + "." + value.name())));
        keys.addAll(List.of("value.true", "value.false"));
        // A referral's standing is its status, or OVERDUE judged on the day read (ReferralView.standingOn).
        keys.add("referrals.standing.OVERDUE");

        assertLabelled(keys);
    }

    @Test
    void every_event_of_a_history_and_every_field_it_shows_has_a_label_in_both_languages() throws IOException {
        List<String> keys = new ArrayList<>();
        for (Class<?> sealed : List.of(TaskEvent.class, ComplaintEvent.class)) {
            for (Class<?> event : sealed.getPermittedSubclasses()) {
                keys.add("event." + event.getSimpleName());
                Stream.of(event.getRecordComponents()).map(c -> c.getName()).filter(name -> !NOT_SHOWN.contains(name))
                        .forEach(name -> keys.add("field." + name));
            }
        }
        // ComplaintConvertedToTask shows the new task's id, which is not the item's own.
        keys.add("field.taskId");

        assertLabelled(keys);
    }

    @Test
    void the_history_fields_labelled_by_value_use_prefixes_that_label_every_value() {
        assertThat(Labels.PREFIXES.values()).containsAll(Labels.HISTORY_FIELDS.values());
    }

    private static void assertLabelled(List<String> keys) throws IOException {
        for (String bundle : List.of("messages.properties", "messages_en.properties")) {
            Properties messages = load(bundle);
            assertThat(keys).as("keys without a label in %s", bundle)
                    .allSatisfy(key -> assertThat(messages.getProperty(key)).as(key).isNotBlank());
        }
    }

    private static Properties load(String bundle) throws IOException {
        Properties messages = new Properties();
        try (Reader reader = new InputStreamReader(LabelsTest.class.getResourceAsStream("/" + bundle),
                StandardCharsets.UTF_8)) {
            messages.load(reader);
        }
        return messages;
    }
}
