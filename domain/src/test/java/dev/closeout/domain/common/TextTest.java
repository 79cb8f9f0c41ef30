package dev.closeout.domain.common;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TextTest {

    @ParameterizedTest
    @ValueSource(strings = {"\u00A0", "\u200B", "\u3000", " \u00A0\u200B\uFEFF\t", "\u2060\u180E"})
    void text_of_nothing_but_spaces_of_any_kind_is_blank(String spaces) {
        assertThatThrownBy(() -> Text.line(spaces, "title", 500))
                .isInstanceOf(InvalidValueException.class).hasMessage("title must not be blank");
        assertThat(Text.optionalBlock(spaces, "description", 500)).isNull();
    }

    @Test
    void spaces_of_any_kind_are_trimmed_from_both_ends() {
        assertThat(Text.line("\u3000\u00A0 环境整治 \u200B", "title", 500)).isEqualTo("环境整治");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\u0000b", "a\nb", "a\rb", "a\u001fb", "a\u007fb", "a\u0085b", "a\u2028b", "a\tb"})
    void a_line_refuses_control_characters_and_line_breaks_naming_the_field(String text) {
        assertThatThrownBy(() -> Text.line(text, "ledger", 200))
                .isInstanceOf(InvalidValueException.class)
                .satisfies(e -> assertThat(((InvalidValueException) e).field()).isEqualTo("ledger"))
                .hasMessageContaining("control character");
    }

    @Test
    void a_block_keeps_line_breaks_and_tabs_and_unifies_carriage_returns() {
        assertThat(Text.block("第一行\r\n第二行\r第三行\n\t缩进", "description", 500))
                .isEqualTo("第一行\n第二行\n第三行\n\t缩进");
    }

    @Test
    void a_block_refuses_other_control_characters() {
        assertThatThrownBy(() -> Text.block("before\u0000after", "reason", 500))
                .isInstanceOf(InvalidValueException.class).hasMessageContaining("reason must not hold the control character U+0000");
    }

    @Test
    void an_unpaired_surrogate_is_refused_and_a_paired_one_kept() {
        assertThatThrownBy(() -> Text.line("a\uD800b", "title", 500))
                .isInstanceOf(InvalidValueException.class).hasMessageContaining("unpaired surrogate");
        assertThat(Text.line("𠀀字", "title", 500)).isEqualTo("𠀀字");
    }

    @Test
    void text_is_normalised_so_that_a_combining_accent_equals_the_precomposed_letter() {
        assertThat(Text.line("Cafe\u0301", "ledger", 200)).isEqualTo("Caf\u00e9");
    }

    @Test
    void text_longer_than_its_limit_is_refused_naming_the_limit() {
        assertThatThrownBy(() -> Text.line("字".repeat(501), "title", 500))
                .isInstanceOf(InvalidValueException.class).hasMessage("title must be at most 500 characters");
        assertThatThrownBy(() -> Text.block("x".repeat(10_000_000), "description", 20_000))
                .isInstanceOf(InvalidValueException.class).hasMessage("description must be at most 20000 characters");
    }

    @ParameterizedTest
    @ValueSource(strings = {".", "..", "...", " .. "})
    void a_name_of_dots_alone_is_refused_since_no_path_can_carry_it(String name) {
        assertThatThrownBy(() -> Text.name(name, "ledger"))
                .isInstanceOf(InvalidValueException.class).hasMessage("ledger must not consist of dots only");
    }

    @ParameterizedTest
    @ValueSource(strings = {"x/y", "a\\b", "100%达标", "semi;colon", "a.b", "..a", "=cmd|' /C calc'!A0", "<b>台账</b>"})
    void a_name_with_url_or_markup_syntax_is_data_and_accepted_as_it_is(String name) {
        assertThat(Text.name(name, "ledger")).isEqualTo(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"验收报告\u202Efdp.exe", "photo\u2067gpj.exe", "a\u200Fb.pdf"})
    void a_file_name_that_turns_the_text_direction_is_refused_since_it_could_read_as_another(String name) {
        assertThatThrownBy(() -> Text.fileName(name, "file"))
                .isInstanceOf(InvalidValueException.class).hasMessageStartingWith("file must not hold the text-direction");
        assertThat(Text.fileName("验收报告（终稿）.pdf", "file")).isEqualTo("验收报告（终稿）.pdf");
    }
}
