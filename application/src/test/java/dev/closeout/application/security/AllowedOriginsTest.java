package dev.closeout.application.security;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AllowedOriginsTest {

    private final AllowedOrigins allowed = AllowedOrigins.of(List.of("https://Closeout.example.gov.cn/",
            "http://10.0.0.5:8080"));

    @Test
    void an_origin_is_allowed_whatever_the_case_of_its_host_and_with_or_without_its_default_port() {
        assertThat(allowed.allows("https://closeout.example.gov.cn")).isTrue();
        assertThat(allowed.allows("HTTPS://CLOSEOUT.EXAMPLE.GOV.CN:443")).isTrue();
        assertThat(allowed.allows("http://10.0.0.5:8080")).isTrue();
    }

    @Test
    void another_scheme_port_or_host_is_another_origin() {
        assertThat(allowed.allows("http://closeout.example.gov.cn")).isFalse();
        assertThat(allowed.allows("https://closeout.example.gov.cn:8443")).isFalse();
        assertThat(allowed.allows("http://10.0.0.5")).isFalse();
        assertThat(allowed.allows("https://closeout.example.gov.cn.evil.example")).isFalse();
        assertThat(allowed.allows("https://evil.example")).isFalse();
    }

    @Test
    void an_opaque_or_unreadable_origin_is_never_allowed() {
        assertThat(allowed.allows("null")).isFalse();
        assertThat(allowed.allows("")).isFalse();
        assertThat(allowed.allows("https://closeout.example.gov.cn/path")).isFalse();
        assertThat(allowed.allows("https://user@closeout.example.gov.cn")).isFalse();
        assertThat(allowed.allows("not an origin")).isFalse();
    }

    @Test
    void a_configured_value_that_is_not_an_origin_stops_the_start_up_naming_it() {
        assertThatThrownBy(() -> AllowedOrigins.of(List.of("closeout.example.gov.cn")))
                .hasMessageContaining("closeout.security.allowed-origins").hasMessageContaining("closeout.example.gov.cn");
        assertThatThrownBy(() -> AllowedOrigins.of(List.of("https://closeout.example.gov.cn/app")))
                .hasMessageContaining("https://closeout.example.gov.cn/app");
    }
}
