package dev.closeout.projections.support;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class KeysTest {

    @Test
    void two_pairs_of_names_that_read_alike_when_joined_give_different_keys() {
        assertThat(Keys.of("COLL", "X\u001fD")).isNotEqualTo(Keys.of("COLL\u001fX", "D"));
        assertThat(Keys.of("a|", "b")).isNotEqualTo(Keys.of("a", "|b"));
        assertThat(Keys.of("1:a|", "")).isNotEqualTo(Keys.of("1:a|"));
    }

    @Test
    void the_same_parts_always_give_the_same_key() {
        assertThat(Keys.of("台账", "DEPT-A", 0)).isEqualTo(Keys.of("台账", "DEPT-A", 0)).isEqualTo("2:台账|6:DEPT-A|1:0|");
    }
}
