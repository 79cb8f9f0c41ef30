package dev.closeout.application.infrastructure.webhook;

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
 * networks are allowed, a URL is refused when any address its host resolves to is not public
 * ({@link NonPublicAddresses}: loopback, private, link-local, shared, multicast, reserved,
 * documentation, tunnel and translation forms of these), except hosts named in the allow-list
 * (by name, or by address range in CIDR form).
 * It is asked at subscription time and again before every attempt, because what a name resolves
 * to can change after the subscription was accepted (DNS rebinding).
 */
final class WebhookAddressPolicy {

    private final boolean allowPrivateNetworks;
    private final List<String> allowedNames = new ArrayList<>();
    private final List<AddressRange> allowedRanges = new ArrayList<>();

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
                allowedRanges.add(range(host));
            } else {
                allowedNames.add(unbracketed(host));
            }
        }
    }

    private static AddressRange range(String entry) {
        try {
            return AddressRange.parse(entry);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("closeout.webhooks.allowed-hosts: " + entry
                    + " is neither a host name nor an address range like 10.0.0.0/8");
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
        return NonPublicAddresses.describe(address)
                .map(kind -> kind + ", and private networks are not allowed for webhooks");
    }

    private static String unbracketed(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }
}
