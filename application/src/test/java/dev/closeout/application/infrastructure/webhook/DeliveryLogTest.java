package dev.closeout.application.infrastructure.webhook;

import org.junit.jupiter.api.Test;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;

/** What the log says of a subscriber's endpoint: where it is, never its secrets. */
class DeliveryLogTest {

    @Test
    void an_endpoints_query_and_user_info_are_not_logged() {
        assertThat(DeliveryAttempts.loggable(URI.create(
                "https://oapi.dingtalk.com/robot/send?access_token=0123456789abcdef")))
                .isEqualTo("https://oapi.dingtalk.com/robot/send?…").doesNotContain("0123456789abcdef");
        assertThat(DeliveryAttempts.loggable(URI.create("https://hooks:s3cret@alerts.example.gov.cn:8443/in?key=k")))
                .isEqualTo("https://alerts.example.gov.cn:8443/in?…").doesNotContain("s3cret").doesNotContain("key=");
        assertThat(DeliveryAttempts.loggable(URI.create("http://10.0.0.5/closeout"))).isEqualTo("http://10.0.0.5/closeout");
    }
}
