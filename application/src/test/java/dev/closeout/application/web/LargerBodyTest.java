package dev.closeout.application.web;

import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A body limit is checked at start: -1 (which multipart settings use for "unlimited") refused every request with a
 * body, and 2 GB or more made every chunked request fail; both are refused when the application starts, naming the
 * setting.
 */
class LargerBodyTest {

    @Test
    void a_limit_of_nothing_or_of_more_than_can_be_read_is_refused_naming_the_setting() {
        assertThatThrownBy(() -> new LargerBody("*", "/**", DataSize.ofBytes(-1), "closeout.api.max-body-size"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("closeout.api.max-body-size");
        assertThatThrownBy(() -> new LargerBody("*", "/**", DataSize.ofBytes(0), "closeout.api.max-body-size"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LargerBody("*", "/**", DataSize.ofGigabytes(2), "closeout.api.max-body-size"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new LargerBody("*", "/**", DataSize.ofMegabytes(1), "closeout.api.max-body-size").limit())
                .isEqualTo(DataSize.ofMegabytes(1));
    }
}
