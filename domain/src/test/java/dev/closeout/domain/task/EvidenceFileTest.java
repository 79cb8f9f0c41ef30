package dev.closeout.domain.task;

import dev.closeout.domain.common.InvalidValueException;
import dev.closeout.domain.common.Limits;
import dev.closeout.domain.task.TaskCommand.RequestClosure;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;

import static dev.closeout.domain.task.TaskExamples.LEAD;
import static dev.closeout.domain.task.TaskExamples.TASK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** An evidence file as the history records it cannot be built with a bad field, and the refusal names it. */
class EvidenceFileTest {

    static final String SHA = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    private static void assertRejectsField(String field, ThrowingCallable construction) {
        assertThatThrownBy(construction)
                .isInstanceOfSatisfying(InvalidValueException.class, e -> assertThat(e.field()).isEqualTo(field));
    }

    static EvidenceFile photo(String id) {
        return new EvidenceFile(id, "整改后照片.jpg", 48_213, SHA);
    }

    @Test
    void a_file_keeps_its_name_normalised_and_trimmed() {
        EvidenceFile file = new EvidenceFile(" f1 ", "\u3000验收报告.pdf ", 10, SHA);
        assertThat(file.fileId()).isEqualTo("f1");
        assertThat(file.name()).isEqualTo("验收报告.pdf");
    }

    @ParameterizedTest
    @ValueSource(strings = {"../etc/passwd", "C:\\photos\\a.jpg", "dir/a.jpg", "..", "a\nb.jpg", "a\u0000.jpg", " "})
    void a_name_with_a_path_or_control_characters_names_the_field_name(String name) {
        assertRejectsField("name", () -> new EvidenceFile("f1", name, 10, SHA));
    }

    @Test
    void an_overlong_name_names_the_field_name() {
        assertRejectsField("name", () -> new EvidenceFile("f1", "a".repeat(Limits.FILE_NAME - 3) + ".jpg", 10, SHA));
    }

    @Test
    void an_empty_file_names_the_field_size() {
        assertRejectsField("size", () -> new EvidenceFile("f1", "a.jpg", 0, SHA));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08",
            "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a0g"})
    void a_digest_that_is_not_64_lower_case_hex_digits_names_the_field_sha256(String sha256) {
        assertRejectsField("sha256", () -> new EvidenceFile("f1", "a.jpg", 10, sha256));
    }

    @Test
    void a_missing_file_id_names_the_field_fileId() {
        assertRejectsField("fileId", () -> new EvidenceFile(null, "a.jpg", 10, SHA));
    }

    @Test
    void a_closure_request_names_at_most_the_limit_of_files() {
        List<EvidenceFile> files = new ArrayList<>();
        for (int i = 0; i <= Limits.EVIDENCE_FILES; i++) {
            files.add(photo("f" + i));
        }
        assertThat(new RequestClosure(TASK, "验收报告", files.subList(0, Limits.EVIDENCE_FILES), LEAD).evidenceFiles())
                .hasSize(Limits.EVIDENCE_FILES);
        assertRejectsField("evidenceFiles", () -> new RequestClosure(TASK, "验收报告", files, LEAD));
    }

    @Test
    void a_closure_request_refuses_the_same_file_twice_naming_its_position() {
        assertRejectsField("evidenceFiles[1]",
                () -> new RequestClosure(TASK, "验收报告", List.of(photo("f1"), photo("f1")), LEAD));
    }

    @Test
    void a_closure_request_without_files_has_an_empty_list() {
        assertThat(new RequestClosure(TASK, "验收报告", null, LEAD).evidenceFiles()).isEmpty();
    }
}
