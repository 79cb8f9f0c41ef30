package dev.closeout.application.infrastructure.webhook;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** An address range such as {@code 10.1.0.0/16} or {@code fd00:1::/32}. */
record AddressRange(byte[] network, int prefix) {

    /**
     * @throws IllegalArgumentException unless {@code value} is an address literal, a slash and a prefix
     *                                  length that fits it; never asks DNS
     */
    static AddressRange parse(String value) {
        String[] parts = value.split("/", -1);
        if (parts.length != 2 || !parts[0].matches("[0-9a-fA-F:.]+") || !parts[1].matches("[0-9]{1,3}")) {
            throw new IllegalArgumentException(value + " is not an address range like 10.0.0.0/8");
        }
        byte[] network;
        try {
            network = InetAddress.getByName(parts[0]).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(value + " is not an address range like 10.0.0.0/8");
        }
        if (parts[0].contains(":") && network.length == 4) {
            network = mapped(network); // Java reads ::ffff:a.b.c.d as the IPv4 address; the range is IPv6
        }
        int prefix = Integer.parseInt(parts[1]);
        if (prefix > network.length * 8) {
            throw new IllegalArgumentException(value + " has a prefix longer than its address");
        }
        return new AddressRange(network, prefix);
    }

    private static byte[] mapped(byte[] ipv4) {
        byte[] ipv6 = new byte[16];
        ipv6[10] = (byte) 0xff;
        ipv6[11] = (byte) 0xff;
        System.arraycopy(ipv4, 0, ipv6, 12, 4);
        return ipv6;
    }

    boolean contains(InetAddress address) {
        return contains(address.getAddress());
    }

    boolean contains(byte[] candidate) {
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
