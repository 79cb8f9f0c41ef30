package dev.closeout.application.webhook;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Which hosts a webhook may be sent to. Subscribers name their own URLs and read back each
 * attempt's error, so an endpoint on the application's own network would let them probe it
 * (which internal hosts and ports answer, cloud metadata at 169.254.169.254). Unless private
 * networks are allowed, a URL is refused when any address its host resolves to is loopback,
 * link-local, private (site-local or unique-local), shared (carrier-grade NAT), multicast or
 * "this host", except hosts named in the allow-list (by name, or by address range in CIDR form).
 * It is asked at subscription time and again before every attempt, because what a name resolves
 * to can change after the subscription was accepted (DNS rebinding).
 */
final class WebhookAddressPolicy {

    private final boolean allowPrivateNetworks;
    private final List<String> allowedNames = new ArrayList<>();
    private final List<Cidr> allowedRanges = new ArrayList<>();

    /**
     * @throws IllegalArgumentException for an allow-list entry that is neither a name nor a CIDR,
     *                                  so that a typo stops the start instead of letting hosts through
     */
    WebhookAddressPolicy(boolean allowPrivateNetworks, List<String> allowedHosts) {
        this.allowPrivateNetworks = allowPrivateNetworks;
        for (String entry : allowedHosts == null ? List.<String>of() : allowedHosts) {
            String host = entry == null ? "" : entry.strip().toLowerCase(Locale.ROOT);
            if (host.isEmpty()) {
                throw new IllegalArgumentException("closeout.webhooks.allowed-hosts must not contain a blank entry");
            }
            if (host.contains("/")) {
                allowedRanges.add(Cidr.parse(host));
            } else {
                allowedNames.add(unbracketed(host));
            }
        }
    }

    /** Why {@code url} may not be sent to, or empty if it may; resolves its host unless nothing needs checking. */
    Optional<String> refusal(URI url) {
        if (allowPrivateNetworks || url.getHost() == null) {
            return Optional.empty();
        }
        String host = unbracketed(url.getHost().toLowerCase(Locale.ROOT));
        if (allowedNames.contains(host)) {
            return Optional.empty();
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            return Optional.of("host " + host + " does not resolve");
        }
        // Every address is checked, not just the first: the client may connect to any of them.
        for (InetAddress address : addresses) {
            Optional<String> refusal = refusal(address);
            if (refusal.isPresent()) {
                return Optional.of("host " + host + " resolves to " + refusal.get());
            }
        }
        return Optional.empty();
    }

    /** Why {@code address} may not be sent to, or empty if it may. */
    Optional<String> refusal(InetAddress address) {
        if (allowPrivateNetworks || allowedRanges.stream().anyMatch(range -> range.contains(address))) {
            return Optional.empty();
        }
        String kind = kind(address);
        return kind == null ? Optional.empty()
                : Optional.of("a " + kind + " address, and private networks are not allowed for webhooks");
    }

    private static String kind(InetAddress address) {
        if (address instanceof Inet6Address v6 && v6.isIPv4CompatibleAddress()) {
            // ::a.b.c.d is still routed to a.b.c.d by some stacks; judge the IPv4 address inside.
            byte[] b = v6.getAddress();
            try {
                return kind(InetAddress.getByAddress(new byte[]{b[12], b[13], b[14], b[15]}));
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        }
        byte[] b = address.getAddress();
        if (address.isAnyLocalAddress() || (address instanceof Inet4Address && b[0] == 0)) {
            return "this-host"; // 0.0.0.0/8 and :: reach the local machine when connected to
        }
        if (address.isLoopbackAddress()) {
            return "loopback";
        }
        if (address.isLinkLocalAddress()) {
            return "link-local"; // 169.254.0.0/16 (cloud metadata) and fe80::/10
        }
        if (address.isSiteLocalAddress()) {
            return "private"; // 10/8, 172.16/12, 192.168/16 and the old fec0::/10
        }
        if (address instanceof Inet6Address && (b[0] & 0xfe) == 0xfc) {
            return "private"; // fc00::/7 unique-local, which isSiteLocalAddress does not cover
        }
        if (address instanceof Inet4Address && (b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64) {
            return "private"; // 100.64/10 shared address space; some clouds serve metadata there
        }
        if (address.isMulticastAddress()) {
            return "multicast";
        }
        return null;
    }

    private static String unbracketed(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    /** An address range such as {@code 10.1.0.0/16} or {@code fd00:1::/32}. */
    private record Cidr(byte[] network, int prefix) {

        static Cidr parse(String value) {
            String[] parts = value.split("/", -1);
            try {
                // Only literals are accepted, so parsing never asks DNS.
                if (parts.length != 2 || !parts[0].matches("[0-9a-f:.]+")) {
                    throw new IllegalArgumentException();
                }
                byte[] network = InetAddress.getByName(parts[0]).getAddress();
                int prefix = Integer.parseInt(parts[1]);
                if (prefix < 0 || prefix > network.length * 8) {
                    throw new IllegalArgumentException();
                }
                return new Cidr(network, prefix);
            } catch (IllegalArgumentException | UnknownHostException e) {
                throw new IllegalArgumentException("closeout.webhooks.allowed-hosts: " + value
                        + " is neither a host name nor an address range like 10.0.0.0/8");
            }
        }

        boolean contains(InetAddress address) {
            byte[] candidate = address.getAddress();
            if (candidate.length != network.length) {
                return false;
            }
            for (int bit = 0; bit < prefix; bit++) {
                int mask = 0x80 >> (bit % 8);
                if ((candidate[bit / 8] & mask) != (network[bit / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }
}
