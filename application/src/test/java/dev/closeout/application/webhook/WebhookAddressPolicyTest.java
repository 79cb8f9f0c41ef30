package dev.closeout.application.webhook;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Which webhook endpoints may be sent to. Only IP literals are used, so no test asks DNS, and
 * nothing here connects anywhere.
 */
class WebhookAddressPolicyTest {

    private static final List<String> INTERNAL = List.of("127.0.0.1", "127.1.2.3", "10.0.0.1", "172.16.0.1",
            "172.31.255.254", "192.168.1.1", "169.254.169.254", "100.100.100.200", "0.0.0.0", "224.0.0.1",
            "::1", "::", "fe80::1", "fc00::1", "fd12:3456::1", "::ffff:127.0.0.1", "::127.0.0.1", "ff02::1");

    private final WebhookAddressPolicy strict = new WebhookAddressPolicy(false, List.of());

    @Test
    void loopback_private_link_local_multicast_and_this_host_addresses_are_refused_saying_why() {
        for (String address : INTERNAL) {
            assertThat(strict.refusal(URI.create("http://" + bracketed(address) + ":8080/hook")))
                    .as(address)
                    .hasValueSatisfying(why -> assertThat(why).contains("private networks are not allowed"));
        }
        assertThat(strict.refusal(URI.create("http://169.254.169.254/latest/meta-data/")))
                .hasValueSatisfying(why -> assertThat(why).contains("link-local"));
        assertThat(strict.refusal(URI.create("http://[fc00::1]/")))
                .hasValueSatisfying(why -> assertThat(why).contains("private"));
    }

    @Test
    void a_public_address_is_accepted() throws Exception {
        assertThat(strict.refusal(URI.create("https://93.184.216.34/hook"))).isEmpty();
        assertThat(strict.refusal(URI.create("https://[2606:2800:220:1:248:1893:25c8:1946]/hook"))).isEmpty();
        // Just outside the private ranges, so the ranges are not drawn too wide.
        for (String address : List.of("172.32.0.1", "172.15.255.255", "11.0.0.1", "100.128.0.1", "192.169.0.1")) {
            assertThat(strict.refusal(InetAddress.getByName(address))).as(address).isEmpty();
        }
    }

    @Test
    void everything_is_accepted_when_private_networks_are_allowed() {
        WebhookAddressPolicy open = new WebhookAddressPolicy(true, List.of());
        for (String address : INTERNAL) {
            assertThat(open.refusal(URI.create("http://" + bracketed(address) + "/hook"))).as(address).isEmpty();
        }
    }

    @Test
    void allow_listed_ranges_and_host_names_are_accepted_while_the_rest_stays_refused() throws Exception {
        WebhookAddressPolicy listed =
                new WebhookAddressPolicy(false, List.of("10.1.0.0/16", "fd00::/8", "Hooks.Internal"));
        assertThat(listed.refusal(URI.create("http://10.1.2.3/hook"))).isEmpty();
        assertThat(listed.refusal(URI.create("http://[fd00::5]/hook"))).isEmpty();
        assertThat(listed.refusal(URI.create("http://10.2.0.1/hook"))).isPresent();
        assertThat(listed.refusal(URI.create("http://127.0.0.1/hook"))).isPresent();
        // An allow-listed name is not resolved at all; it does not exist, so any lookup would refuse it.
        assertThat(listed.refusal(URI.create("https://hooks.internal/hook"))).isEmpty();
        assertThat(listed.refusal(InetAddress.getByName("10.1.255.255"))).isEmpty();
    }

    @Test
    void an_allow_list_entry_that_is_neither_a_name_nor_a_range_stops_the_start() {
        for (String entry : List.of("10.0.0.0/33", "10.0.0.0/x", "example.org/8", " ")) {
            assertThatThrownBy(() -> new WebhookAddressPolicy(false, List.of(entry)))
                    .as(entry).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("allowed-hosts");
        }
    }

    @Test
    void a_delivery_to_a_refused_address_fails_without_connecting() {
        HttpWebhookTransport transport = new HttpWebhookTransport(Duration.ofSeconds(1),
                Duration.ofSeconds(1), strict);
        // Port 9 on loopback: were it contacted, the error would be a ConnectException instead.
        WebhookTransport.Result result = transport.send(URI.create("http://127.0.0.1:9/hook"), Map.of(), new byte[0]);
        assertThat(result.delivered()).isFalse();
        assertThat(result.error()).startsWith("address not allowed: ").contains("loopback");
    }

    private static String bracketed(String address) {
        return address.contains(":") ? "[" + address + "]" : address;
    }
}
