package dev.closeout.domain.complaint;

import dev.closeout.domain.common.InvalidValueException;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A complainant validates what they gave, and shows it to readers only masked. */
class ComplainantTest {

    private static void assertRejectsField(String field, ThrowingCallable construction) {
        assertThatThrownBy(construction)
                .isInstanceOfSatisfying(InvalidValueException.class, e -> assertThat(e.field()).isEqualTo(field))
                .hasMessageStartingWith(field + " ");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "张,     *",
            "张三,   张*",
            "李小明, 李**",
            "欧阳娜娜, 欧***",
            "司马相如, 司***",
            "Zhang San, Z********"})
    void a_name_keeps_its_first_character_only(String name, String masked) {
        assertThat(new Complainant(name, null).maskedName()).isEqualTo(masked);
    }

    @Test
    void a_compound_surname_is_not_recognised_so_only_its_first_character_shows() {
        assertThat(new Complainant("欧阳修", null).maskedName()).isEqualTo("欧**");
    }

    @Test
    void a_character_outside_the_basic_plane_counts_as_one_character() {
        assertThat(new Complainant("𠮷野", null).maskedName()).isEqualTo("𠮷*");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "13812345678,        138****5678",
            "0931-88123456,      093*-****3456",
            "+86 138 1234 5678,  +86 1** **** 5678",
            "87654321,           8******1",
            "0931-8812345,       093*-***2345",
            "12345,              1***5",
            "1-2-3,              1-*-3",
            "+12 -,              +** -"})
    void a_phone_keeps_three_and_four_digits_when_long_or_its_first_and_last_when_short(String phone, String masked) {
        assertThat(new Complainant(null, phone).maskedPhone()).isEqualTo(masked);
    }

    @Test
    void a_name_without_a_phone_masks_only_the_name() {
        Complainant complainant = new Complainant("张三", null);
        assertThat(complainant.maskedName()).isEqualTo("张*");
        assertThat(complainant.maskedPhone()).isNull();
    }

    @Test
    void a_phone_without_a_name_masks_only_the_phone() {
        Complainant complainant = new Complainant(" ", "13812345678");
        assertThat(complainant.name()).isNull();
        assertThat(complainant.maskedName()).isNull();
        assertThat(complainant.maskedPhone()).isEqualTo("138****5678");
    }

    @Test
    void a_complainant_with_neither_name_nor_phone_is_refused_as_anonymity_means_no_complainant() {
        assertRejectsField("complainant", () -> new Complainant(null, "  "));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1234", "138123456789012345678", "138-1234-abcd", "(0931)8812345", "１３８１２３４５６７８"})
    void a_phone_that_is_not_5_to_20_digits_spaces_dashes_or_pluses_is_refused(String phone) {
        assertRejectsField("complainant.phone", () -> new Complainant("张三", phone));
    }

    @Test
    void a_phone_is_trimmed_but_keeps_its_inner_spaces() {
        assertThat(new Complainant(null, "  0931 8812345 ").phone()).isEqualTo("0931 8812345");
    }

    @Test
    void an_overlong_name_is_refused() {
        assertRejectsField("complainant.name", () -> new Complainant("张".repeat(101), null));
    }

    @Test
    void printing_a_complainant_shows_only_the_masked_parts() {
        assertThat(new Complainant("张三", "13812345678").toString())
                .doesNotContain("三", "12345678")
                .contains("张*", "138****5678");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "市民张三（13800138000）反映路灯不亮   | 市民张*（138****8000）反映路灯不亮",
            "张三来电 138-0013-8000，请回电张三 | 张*来电 138****8000，请回电张*",
            "来电 +86 138 0013 8000        | 来电 138****8000",
            "回电+8613800138000             | 回电138****8000",
            "拨打12345热线                  | 拨打12345热线",
            "全角 １３８００１３８０００ 回电  | 全角 138****8000 回电",
            "身份证 620102138001380001 不是电话 | 身份证 620102138001380001 不是电话",
            "王先生反映                   | 王先生反映"})
    void a_text_that_repeats_the_complainant_shows_them_masked(String text, String masked) {
        assertThat(new Complainant("张三", "13800138000").maskedIn(text.strip())).isEqualTo(masked.strip());
    }

    @Test
    void a_phone_given_with_its_country_code_is_found_with_or_without_it() {
        Complainant complainant = new Complainant(null, "+86 138 0013 8000");
        assertThat(complainant.maskedIn("回电8613800138000或13800138000"))
                .isEqualTo("回电" + complainant.maskedPhone() + "或" + complainant.maskedPhone())
                .doesNotContain("0013");
    }

    @Test
    void a_one_character_name_and_a_phone_of_few_digits_leave_the_text_as_it_is() {
        assertThat(new Complainant("王", "+ - -1").maskedIn("王先生 1 号")).isEqualTo("王先生 1 号");
        assertThat(new Complainant(null, "12345").maskedIn("拨打12345热线")).as("a hotline, not a person")
                .isEqualTo("拨打12345热线");
        assertThat(new Complainant("张三", null).maskedIn(null)).isNull();
    }
}
