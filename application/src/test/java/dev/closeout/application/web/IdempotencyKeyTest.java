package dev.closeout.application.web;

import dev.closeout.domain.complaint.ComplaintId;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class IdempotencyKeyTest {

    private static final ComplaintId COMPLAINT = new ComplaintId("00000000-0000-0000-0000-000000000001");
    private static final ComplaintId OTHER = new ComplaintId("00000000-0000-0000-0000-000000000002");

    @Test
    void a_conversion_key_names_one_task_per_complaint_and_user() {
        IdempotencyKey key = new IdempotencyKey("convert-1");
        assertThat(key.taskIdFor(COMPLAINT, "wang.dcb")).isEqualTo(key.taskIdFor(COMPLAINT, "wang.dcb"))
                .isNotEqualTo(key.taskIdFor(COMPLAINT, "li.dcb"))
                .isNotEqualTo(key.taskIdFor(OTHER, "wang.dcb"))
                .isNotEqualTo(key.taskIdFor("wang.dcb"));
    }
}
