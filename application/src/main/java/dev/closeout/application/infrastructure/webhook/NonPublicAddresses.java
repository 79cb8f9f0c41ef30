package dev.closeout.application.infrastructure.webhook;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The addresses a webhook must not reach unless private networks are allowed: IANA's special-purpose
 * ranges that are not globally reachable (loopback, private, link-local, shared, multicast,
 * documentation, benchmarking, reserved, broadcast, tunnels), and IPv6 addresses that carry such an
 * IPv4 address inside them for a translator or tunnel to deliver to.
 *
 * <p>IPv6 forms with an embedded IPv4 address are judged by that address: IPv4-mapped
 * ({@code ::ffff:0:0/96}) and IPv4-compatible ({@code ::/96}) addresses, which some stacks send
 * to the IPv4 address; the well-known NAT64 prefix ({@code 64:ff9b::/96}), which a DNS64 resolver
 * puts in front of a public host's IPv4 address on an IPv6-only network, so a public one must
 * pass; and 6to4 ({@code 2002::/16}). Prefixes whose embedding is not fixed (local-use NAT64
 * {@code 64:ff9b:1::/48}) or obfuscated (Teredo {@code 2001::/32}) are refused whole.
 */
final class NonPublicAddresses {

    private record Range(AddressRange range, String description) {
    }

    /** An IPv6 prefix whose addresses carry an IPv4 address in bytes {@code from}..{@code from + 3}. */
    private record Embedding(AddressRange range, int from, String description) {
    }

    private static final List<Range> RANGES = List.of(
            range("::/128", "the unspecified address (this host)"),
            range("::1/128", "a loopback address"),
            range("0.0.0.0/8", "a this-host address"),
            range("10.0.0.0/8", "a private address"),
            range("100.64.0.0/10", "a shared (carrier-grade NAT) address"), // some clouds serve metadata here
            range("127.0.0.0/8", "a loopback address"),
            range("169.254.0.0/16", "a link-local address"), // cloud metadata at 169.254.169.254
            range("172.16.0.0/12", "a private address"),
            range("192.0.0.0/24", "a reserved (IETF protocol assignment) address"),
            range("192.0.2.0/24", "a documentation address"),
            range("192.88.99.0/24", "a 6to4 relay address"),
            range("192.168.0.0/16", "a private address"),
            range("198.18.0.0/15", "a benchmarking address"),
            range("198.51.100.0/24", "a documentation address"),
            range("203.0.113.0/24", "a documentation address"),
            range("224.0.0.0/4", "a multicast address"),
            range("255.255.255.255/32", "the broadcast address"),
            range("240.0.0.0/4", "a reserved address"),
            range("64:ff9b:1::/48", "a local-use NAT64 address"),
            range("100::/64", "a discard-only address"),
            range("2001::/32", "a Teredo tunnel address"),
            range("2001:2::/48", "a benchmarking address"),
            range("2001:10::/28", "an ORCHID address"),
            range("2001:20::/28", "an ORCHID address"),
            range("2001:db8::/32", "a documentation address"),
            range("3fff::/20", "a documentation address"),
            range("fc00::/7", "a private (unique-local) address"),
            range("fe80::/10", "a link-local address"),
            range("fec0::/10", "a private (site-local) address"),
            range("ff00::/8", "a multicast address"));

    private static final List<Embedding> EMBEDDINGS = List.of(
            new Embedding(AddressRange.parse("::ffff:0:0/96"), 12, "an IPv4-mapped address"),
            new Embedding(AddressRange.parse("::/96"), 12, "an IPv4-compatible address"),
            new Embedding(AddressRange.parse("64:ff9b::/96"), 12, "a NAT64 address"),
            new Embedding(AddressRange.parse("2002::/16"), 2, "a 6to4 address"));

    private NonPublicAddresses() {
    }

    /** What kind of non-public address {@code address} is, as a phrase ("a loopback address"), or empty if public. */
    static Optional<String> describe(InetAddress address) {
        byte[] bytes = address.getAddress();
        for (Range range : RANGES) {
            if (range.range().contains(bytes)) {
                return Optional.of(range.description());
            }
        }
        if (address instanceof Inet6Address) {
            for (Embedding embedding : EMBEDDINGS) {
                if (embedding.range().contains(bytes)) {
                    InetAddress inside = ipv4(Arrays.copyOfRange(bytes, embedding.from(), embedding.from() + 4));
                    return describe(inside).map(kind -> embedding.description() + " around "
                            + inside.getHostAddress() + ", " + kind);
                }
            }
        }
        return Optional.empty();
    }

    private static Range range(String cidr, String description) {
        return new Range(AddressRange.parse(cidr), description);
    }

    private static InetAddress ipv4(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // four bytes are always an IPv4 address
        }
    }
}
