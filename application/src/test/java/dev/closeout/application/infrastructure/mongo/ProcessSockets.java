package dev.closeout.application.infrastructure.mongo;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A process's sockets as the kernel sees them (Linux only): its socket descriptors in
 * {@code /proc/<pid>/fd}, and the TCP ports among them that listen, matched by inode against
 * {@code /proc/net/tcp} and {@code /proc/net/tcp6}. It asks no code in the process, so it also sees
 * sockets a library opened without telling anyone.
 */
public final class ProcessSockets {

    private static final Pattern SOCKET_LINK = Pattern.compile("socket:\\[(\\d+)]");
    private static final String LISTEN = "0A";

    private ProcessSockets() {
    }

    /** The TCP ports the process listens on, IPv4 and IPv6 together, on any address. */
    public static Set<Integer> listeningPorts(long pid) throws IOException {
        Set<String> sockets = inodes(pid);
        Set<Integer> ports = new TreeSet<>();
        for (TcpSocket socket : tcpSockets()) {
            if (socket.listening() && sockets.contains(socket.inode())) {
                ports.add(socket.localPort());
            }
        }
        return ports;
    }

    /** A row of {@code /proc/net/tcp} or {@code /proc/net/tcp6}: a TCP socket of any process. */
    public record TcpSocket(int localPort, int remotePort, boolean listening, String inode) {
    }

    /** Every TCP socket on the machine, IPv4 and IPv6 together. */
    public static List<TcpSocket> tcpSockets() throws IOException {
        List<TcpSocket> sockets = new ArrayList<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path path = Path.of(table);
            if (!Files.exists(path)) {
                continue;
            }
            for (String line : Files.readAllLines(path)) {
                // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode ...
                String[] fields = line.trim().split("\\s+");
                if (fields.length > 9 && fields[1].contains(":")) {
                    sockets.add(new TcpSocket(port(fields[1]), port(fields[2]), fields[3].equals(LISTEN), fields[9]));
                }
            }
        }
        return sockets;
    }

    /** The port of an address as /proc/net/tcp writes it: hex address, colon, hex port. */
    private static int port(String address) {
        return Integer.parseInt(address.substring(address.indexOf(':') + 1), 16);
    }

    /** The inodes of every socket the process holds open: TCP, UDP, Unix, listening or not. */
    public static Set<String> inodes(long pid) throws IOException {
        Set<String> inodes = new HashSet<>();
        try (DirectoryStream<Path> descriptors = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "fd"))) {
            for (Path descriptor : descriptors) {
                try {
                    Matcher socket = SOCKET_LINK.matcher(Files.readSymbolicLink(descriptor).toString());
                    if (socket.matches()) {
                        inodes.add(socket.group(1));
                    }
                } catch (NoSuchFileException closedMeanwhile) {
                    // a descriptor closed while we listed them is no listening socket
                }
            }
        }
        return inodes;
    }
}
