package dev.closeout.projections.search;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SearchTextTest {

    @Test
    void traditional_and_simplified_script_give_the_same_words() {
        assertThat(SearchText.terms("人居環境整治")).isEqualTo(SearchText.terms("人居环境整治"));
        assertThat(SearchText.terms("環境整治")).containsExactlyElementsOf(SearchText.terms("环境整治"));
    }

    @Test
    void a_phrase_is_cut_into_words() {
        assertThat(SearchText.terms("农村人居环境整治")).contains("环境", "整治");
    }

    @Test
    void full_width_and_upper_case_latin_fold_to_ascii_lower_case() {
        assertThat(SearchText.terms("ＰＰＰ项目")).contains("ppp");
        assertThat(SearchText.terms("PPP 项目")).contains("ppp");
    }

    @Test
    void punctuation_is_no_word() {
        assertThat(SearchText.terms("整治，“环境”！")).doesNotContain("，", "“", "”", "！").contains("整治");
    }

    @Test
    void repeated_words_are_kept_for_ranking_but_a_query_asks_each_once() {
        assertThat(SearchText.terms("整治 整治")).containsExactly("整治", "整治");
        assertThat(SearchText.queryTerms("整治 整治")).containsExactly("整治");
    }

    @Test
    void no_text_has_no_words() {
        assertThat(SearchText.terms(null)).isEmpty();
        assertThat(SearchText.terms("  ")).isEmpty();
    }
}
