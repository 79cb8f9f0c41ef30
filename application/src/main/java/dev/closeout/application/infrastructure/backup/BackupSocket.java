package dev.closeout.application.infrastructure.backup;

import com.mongodb.client.MongoDatabase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;

/**
 * How {@code backup} reaches a running application on the embedded default, whose store no other
 * process can open: a Unix domain socket in the data directory, {@value #FILE_NAME}, through which
 * the application writes the backup for the command line to save (decision 0014).
 *
 * <p>No port, so nothing on the network, not even on 127.0.0.1, can ask; the file is the owner's
 * alone (rw-------, in a data directory that is rwx------), so only a process of the user who may
 * read the store anyway can connect. It answers one request at a time: {@value #BACKUP}, then either
 * {@value #OK} followed by the backup, or {@value #REFUSED} and a reason.
 */
public final class BackupSocket implements AutoCloseable {

    public static final String FILE_NAME = "closeout.backup.sock";
    static final String BACKUP = "BACKUP";
    static final String OK = "OK";
    static final String REFUSED = "REFUSED";

    private static final Logger log = LoggerFactory.getLogger(BackupSocket.class);

    private final Path path;
    private final ServerSocketChannel server;
    private final StoreBackup backup;

    private BackupSocket(Path path, ServerSocketChannel server, StoreBackup backup) {
        this.path = path;
        this.server = server;
        this.backup = backup;
        if (server != null) {
            Thread acceptor = new Thread(this::serve, "backup-socket");
            acceptor.setDaemon(true);
            acceptor.start();
        }
    }

    /** No socket: the store is a MongoDB server, which its own tools and {@code backup} reach directly. */
    public static BackupSocket none() {
        return new BackupSocket(null, null, null);
    }

    /**
     * Listens in {@code dataDir}, replacing a socket file a killed application left behind (the
     * caller holds the store's file, so no other application serves this directory). Where the
     * socket cannot be made, a warning says so and backups need the application stopped.
     */
    public static BackupSocket open(Path dataDir, MongoDatabase database, MongoDatabase readModels,
                                    Duration gapTimeout) {
        Path path = dataDir.toAbsolutePath().normalize().resolve(FILE_NAME);
        try {
            Files.deleteIfExists(path);
            ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(path));
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
            }
            return new BackupSocket(path, server, new StoreBackup(database, readModels, gapTimeout));
        } catch (IOException | RuntimeException e) {
            log.warn("No backup socket at {} ({}): `backup` cannot reach this application; stop it to take a backup",
                    path, e.toString());
            return none();
        }
    }

    private void serve() {
        while (server.isOpen()) {
            try (SocketChannel client = server.accept()) {
                answer(client);
            } catch (IOException e) {
                if (server.isOpen()) {
                    log.warn("A backup through {} failed", path, e);
                }
            } catch (RuntimeException e) {
                // the store failed under the backup: this one ends cut short (the client sees no end), the socket
                // goes on answering; a dead accept thread left `backup` waiting on a socket nobody read
                log.error("A backup through {} failed", path, e);
            }
        }
    }

    private void answer(SocketChannel client) throws IOException {
        InputStream in = Channels.newInputStream(client);
        OutputStream out = Channels.newOutputStream(client);
        String request = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII)).readLine();
        if (!BACKUP.equals(request)) {
            out.write((REFUSED + " unknown request\n").getBytes(StandardCharsets.US_ASCII));
            return;
        }
        out.write((OK + "\n").getBytes(StandardCharsets.US_ASCII));
        long started = System.nanoTime();
        StoreBackup.Summary summary = backup.write(out);
        out.flush();
        log.info("Backup written through {}: {} documents, {} events up to index {}, in {} ms", path,
                summary.documents(), summary.events(), summary.highestIndex(),
                Duration.ofNanos(System.nanoTime() - started).toMillis());
    }

    @Override
    public void close() {
        if (server == null) {
            return;
        }
        try {
            server.close();
            Files.deleteIfExists(path);
        } catch (IOException e) {
            log.warn("Closing the backup socket {} failed", path, e);
        }
    }
}
