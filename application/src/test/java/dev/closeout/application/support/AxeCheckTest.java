package dev.closeout.application.support;

import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The accessibility check every page test relies on can fail: a page with a critical violation is refused. */
class AxeCheckTest extends BrowserTest {

    @Test
    void an_image_without_a_text_alternative_fails_the_check() {
        String page = "<!doctype html><html lang=\"zh-CN\"><head><title>t</title></head>"
                + "<body><main><h1>t</h1><img src=\"photo.png\"></main></body></html>";
        browser.get("data:text/html;charset=utf-8," + URLEncoder.encode(page, StandardCharsets.UTF_8).replace("+", "%20"));

        assertThatThrownBy(() -> lookAt("axe-self-test")).isInstanceOf(AssertionError.class)
                .hasMessageContaining("critical image-alt");
    }
}
