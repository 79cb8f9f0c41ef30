package dev.closeout.application.infrastructure.webhook;

import org.junit.jupiter.api.Test;

import java.net.Inet6Address;
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
            "::1", "::", "fe80::1", "fc00::1", "fd12:3456::1", "::ffff:127.0.0.1", "::127.0.0.1", "ff02::1",
            "198.18.0.1", "192.0.0.1", "240.0.0.1", "255.255.255.255", "192.0.2.1", "64:ff9b::7f00:1",
            "64:ff9b:1::1", "2002:7f00:1::1", "2001::1", "2001:db8::1");

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
    void benchmarking_protocol_assignment_reserved_and_broadcast_ipv4_ranges_are_refused() {
        assertRefused("198.18.0.1", "benchmarking");
        assertRefused("198.19.255.254", "benchmarking");
        assertRefused("192.0.0.1", "reserved");
        assertRefused("192.0.0.170", "reserved");
        assertRefused("240.0.0.1", "reserved");
        assertRefused("250.1.2.3", "reserved");
        assertRefused("255.255.255.254", "reserved");
        assertRefused("255.255.255.255", "broadcast");
        assertRefused("192.88.99.1", "6to4 relay");
    }

    @Test
    void the_shared_carrier_grade_nat_range_is_refused_from_end_to_end() {
        assertRefused("100.64.0.0", "shared");
        assertRefused("100.127.255.255", "shared");
    }

    @Test
    void documentation_ranges_are_refused() {
        for (String address : List.of("192.0.2.1", "198.51.100.7", "203.0.113.9", "2001:db8::1", "3fff::1")) {
            assertRefused(address, "documentation");
        }
    }

    @Test
    void addresses_just_outside_the_refused_ranges_are_accepted() {
        for (String address : List.of("198.17.255.255", "198.20.0.1", "192.0.1.1", "192.0.3.1", "198.51.101.1",
                "203.0.114.1", "223.255.255.255", "100.63.255.255", "2001:db9::1", "2001:1:0:1::1", "2003::1",
                "2001:1::1", "3fff:1000::1", "2001:30::1")) {
            assertAccepted(address);
        }
    }

    @Test
    void a_nat64_address_is_judged_by_the_ipv4_address_inside_it() {
        assertRefused("64:ff9b::7f00:1", "NAT64 address around 127.0.0.1, a loopback address");
        assertRefused("64:ff9b::169.254.169.254", "NAT64 address around 169.254.169.254, a link-local address");
        assertRefused("64:ff9b::10.0.0.1", "private");
        assertRefused("64:ff9b::198.18.0.1", "benchmarking");
        // a DNS64 resolver on an IPv6-only network answers a public host's IPv4 address in this form
        assertAccepted("64:ff9b::93.184.216.34");
    }

    @Test
    void a_local_use_nat64_address_is_refused_whatever_it_carries() {
        assertRefused("64:ff9b:1::1", "local-use NAT64");
        assertRefused("64:ff9b:1:5db8:d8:2200::", "local-use NAT64");
    }

    @Test
    void a_6to4_address_is_judged_by_the_ipv4_address_inside_it() {
        assertRefused("2002:7f00:1::1", "6to4 address around 127.0.0.1, a loopback address");
        assertRefused("2002:a9fe:a9fe::1", "link-local");
        assertRefused("2002:c000:0201::1", "documentation");
        assertAccepted("2002:5db8:d822::1");
    }

    @Test
    void a_teredo_address_is_refused_since_the_address_it_reaches_is_obfuscated() {
        assertRefused("2001:0:4136:e378:8000:63bf:3fff:fdd2", "Teredo");
        assertRefused("2001:0:7f00:1::", "Teredo");
    }

    @Test
    void ipv4_mapped_and_compatible_forms_of_a_refused_address_are_refused() throws Exception {
        for (String ipv4 : List.of("127.0.0.1", "10.0.0.1", "169.254.169.254", "100.64.0.1", "198.18.0.1",
                "192.0.0.8", "192.0.2.1", "240.0.0.1", "255.255.255.255")) {
            byte[] v4 = InetAddress.getByName(ipv4).getAddress();
            byte[] mapped = new byte[16];
            mapped[10] = (byte) 0xff;
            mapped[11] = (byte) 0xff;
            System.arraycopy(v4, 0, mapped, 12, 4);
            byte[] compatible = new byte[16];
            System.arraycopy(v4, 0, compatible, 12, 4);
            // Inet6Address keeps the IPv6 form; InetAddress.getByAddress would hand back the IPv4 address
            assertThat(strict.refusal(Inet6Address.getByAddress(null, mapped, -1))).as("::ffff:" + ipv4).isPresent();
            assertThat(strict.refusal(Inet6Address.getByAddress(null, compatible, -1))).as("::" + ipv4).isPresent();
            assertThat(strict.refusal(URI.create("http://[::ffff:" + ipv4 + "]/hook"))).as("::ffff:" + ipv4).isPresent();
        }
        assertAccepted("::ffff:93.184.216.34");
    }

    @Test
    void discard_benchmarking_and_orchid_ipv6_ranges_are_refused() {
        assertRefused("100::1", "discard-only");
        assertRefused("2001:2::1", "benchmarking");
        assertRefused("2001:10::1", "ORCHID");
        assertRefused("2001:20::1", "ORCHID");
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

    private void assertRefused(String address, String kind) {
        assertThat(strict.refusal(URI.create("https://" + bracketed(address) + "/hook"))).as(address)
                .hasValueSatisfying(why -> assertThat(why).contains(kind, "private networks are not allowed"));
    }

    private void assertAccepted(String address) {
        assertThat(strict.refusal(URI.create("https://" + bracketed(address) + "/hook"))).as(address).isEmpty();
    }

    private static String bracketed(String address) {
        return address.contains(":") ? "[" + address + "]" : address;
    }
}
