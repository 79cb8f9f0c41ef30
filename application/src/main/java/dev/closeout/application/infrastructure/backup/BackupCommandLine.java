package dev.closeout.application.infrastructure.backup;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.ReadConcern;
import com.mongodb.ReadPreference;
import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import dev.closeout.application.infrastructure.mongo.EmbeddedMongoServer;
import dev.closeout.application.infrastructure.readmodel.ReadModelStoreUpgrade;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.MVStoreException;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;

/**
 * {@code java -jar closeout.jar backup <file>} and {@code restore <file>}: the store the application
 * would use with the same configuration ({@code SPRING_DATA_MONGODB_URI}, else the embedded store under
 * {@code CLOSEOUT_DATA_DIR}), without starting the application (docs/operations.md#backup-and-restore).
 *
 * <p>Exit status: {@value #DONE} done, {@value #FAILED} failed, {@value #USAGE} wrong arguments,
 * {@value #REFUSED} restore refused (the store holds data, or an application is using it).
 */
public final class BackupCommandLine {

    public static final int DONE = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;
    public static final int REFUSED = 3;

    private static final String URI_PROPERTY = "spring.data.mongodb.uri";
    private static final String DATABASE = "closeout";

    private final PrintStream out;
    private final PrintStream err;

    public BackupCommandLine(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /** Whether {@code args} ask for a command of this class rather than the application. */
    public static boolean handles(String[] args) {
        return args.length > 0 && (args[0].equals("backup") || args[0].equals("restore"));
    }

    /** Runs the command in {@code args} and answers its exit status; further args are configuration ({@code --key=value}). */
    public int run(String[] args) {
        if (args.length < 2 || args[1].startsWith("--")) {
            err.println("Usage: java -jar closeout.jar backup <file> | restore <file> [--key=value ...]");
            return USAGE;
        }
        Path file = Path.of(args[1]).toAbsolutePath();
        boolean backup = args[0].equals("backup");
        if (!backup && !Files.isRegularFile(file)) {
            err.println("restore failed: no file " + file);
            return FAILED;
        }
        String[] configuration = Arrays.copyOfRange(args, 2, args.length);
        try (ConfigurableApplicationContext context = settings(configuration)) {
            Environment environment = context.getEnvironment();
            String uri = environment.getProperty(URI_PROPERTY);
            Duration gapTimeout = environment.getProperty("closeout.event-store.gap-timeout", Duration.class,
                    Duration.ofSeconds(60));
            Path dataDir = Path.of(environment.getProperty("closeout.data-dir", "./data")).toAbsolutePath().normalize();
            if (StringUtils.hasText(uri)) {
                return backup ? backupMongo(uri, file, gapTimeout) : restoreMongo(uri, file);
            }
            return backup ? backupEmbedded(dataDir, file, gapTimeout) : restoreEmbedded(dataDir, file);
        } catch (IOException | RuntimeException e) {
            err.println(args[0] + " failed: " + e.getMessage());
            return FAILED;
        }
    }

    /**
     * Only the configuration, read as the application reads it: its files, profiles, environment and
     * arguments. Logs only warnings unless configured otherwise: the command's own lines say what it did.
     */
    private static ConfigurableApplicationContext settings(String[] args) {
        return new SpringApplicationBuilder(Settings.class)
                .web(WebApplicationType.NONE)
                .bannerMode(Banner.Mode.OFF)
                .logStartupInfo(false)
                .properties("logging.level.root=WARN")
                .run(args);
    }

    /** Nothing: the command needs the environment, no bean. */
    static final class Settings {
    }

    private int backupMongo(String uri, Path file, Duration gapTimeout) throws IOException {
        try (MongoClient client = MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(uri))
                .readConcern(ReadConcern.MAJORITY)
                .readPreference(ReadPreference.primary())
                .build())) {
            MongoDatabase database = database(client, uri);
            StoreBackup.Summary summary = save(file,
                    target -> new StoreBackup(database, database, gapTimeout).write(target));
            return reportBackup(file, summary);
        }
    }

    private int restoreMongo(String uri, Path file) throws IOException {
        StoreRestore.verify(file);
        try (MongoClient client = MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(uri))
                .writeConcern(WriteConcern.MAJORITY.withJournal(true))
                .build())) {
            MongoDatabase database = database(client, uri);
            RestoreMarker marker = RestoreMarker.in(database);
            String where = new ConnectionString(uri).getHosts().toString();
            if (marker.present()) {
                return refused(marker.unfinished());
            }
            StoreRestore restore = new StoreRestore(database, database);
            try {
                restore.refuseUnlessEmpty();
            } catch (StoreRestore.NotEmptyException e) {
                return refusedNotEmpty(e, where);
            }
            marker.set();
            Map<String, Long> counts = loadOrSay(restore, file, marker);
            marker.clear();
            return reportRestore(counts, file, where);
        }
    }

    private int backupEmbedded(Path dataDir, Path file, Duration gapTimeout) throws IOException {
        Path store = dataDir.resolve(EmbeddedMongoServer.FILE_NAME);
        if (!Files.exists(store)) {
            err.println("backup failed: there is no store at " + store
                    + " (set CLOSEOUT_DATA_DIR, or SPRING_DATA_MONGODB_URI, as for the application)");
            return FAILED;
        }
        SocketChannel running = connect(dataDir);
        if (running != null) {
            try (running) {
                save(file, target -> askForBackup(running, target));
            }
            out.println("Backup of the running application on " + dataDir + " written to " + file);
            return DONE;
        }
        try (EmbeddedMongoServer server = open(dataDir);
             EmbeddedMongoServer readModelServer = EmbeddedMongoServer.startReadModels(dataDir, server);
             MongoClient client = MongoClients.create(server.clientSettings());
             MongoClient readModelClient = MongoClients.create(readModelServer.clientSettings())) {
            MongoDatabase readModels = readModels(client, readModelClient, readModelServer);
            StoreBackup.Summary summary = save(file, target -> new StoreBackup(client.getDatabase(DATABASE),
                    readModels, gapTimeout).write(target));
            return reportBackup(file, summary);
        } catch (StoreInUseException e) {
            err.println("backup failed: " + e.getMessage() + "; stop it, or take the backup from it");
            return FAILED;
        }
    }

    /**
     * Everything that can refuse is checked before the store is opened, since opening a store an earlier version
     * wrote upgrades it for good (its indexes, its read models moved to a file of their own): the application
     * answering on the socket, the backup file to its end, a restore broken off here before, and store files that
     * hold anything.
     */
    private int restoreEmbedded(Path dataDir, Path file) throws IOException {
        SocketChannel running = connect(dataDir);
        if (running != null) {
            running.close();
            return refused("Closeout is running on " + dataDir
                    + "; restore into an empty data directory while no application uses it");
        }
        StoreRestore.verify(file);
        RestoreMarker marker = RestoreMarker.in(dataDir);
        if (marker.present()) {
            return refused(marker.unfinished());
        }
        for (String name : new String[] {EmbeddedMongoServer.FILE_NAME, EmbeddedMongoServer.READ_MODELS_FILE_NAME}) {
            Path store = dataDir.resolve(name);
            if (Files.exists(store) && Files.size(store) > 0) {
                return refused("the data directory " + dataDir + " is not empty: it holds a store (" + name + ", "
                        + Files.size(store) + " bytes); restore into a new data directory, on which Closeout has not "
                        + "been started");
            }
        }
        marker.set();
        Map<String, Long> counts;
        try (EmbeddedMongoServer server = open(dataDir);
             EmbeddedMongoServer readModelServer = EmbeddedMongoServer.startReadModels(dataDir, server);
             MongoClient client = MongoClients.create(server.clientSettings());
             MongoClient readModelClient = MongoClients.create(readModelServer.clientSettings())) {
            StoreRestore restore = new StoreRestore(client.getDatabase(DATABASE), readModelClient.getDatabase(DATABASE));
            try {
                restore.refuseUnlessEmpty();
            } catch (StoreRestore.NotEmptyException e) {
                marker.clear();
                return refusedNotEmpty(e, dataDir.toString());
            }
            counts = loadOrSay(restore, file, marker);
        } catch (StoreInUseException e) {
            marker.clear();
            return refused(e.getMessage() + "; restore into an empty data directory while no application uses it");
        }
        // closed: both files committed
        marker.clear();
        return reportRestore(counts, file, dataDir.toString());
    }

    /** Loads the file; a failure part-way leaves the marker, and the message says what to do. */
    private static Map<String, Long> loadOrSay(StoreRestore restore, Path file, RestoreMarker marker) throws IOException {
        try {
            return restore.load(file);
        } catch (IOException | RuntimeException e) {
            throw new IOException(e.getMessage() + "; the store holds part of the backup: " + marker.remedy()
                    + " and restore again", e);
        }
    }

    private int reportRestore(Map<String, Long> counts, Path file, String where) {
        long documents = counts.values().stream().mapToLong(Long::longValue).sum();
        out.println("Restored " + documents + " documents (" + counts.getOrDefault(StoreBackup.EVENTS, 0L)
                + " events) from " + file + " into " + where
                + "; the application rebuilds its read models from the events when it starts");
        return DONE;
    }

    private int refusedNotEmpty(StoreRestore.NotEmptyException e, String where) {
        return refused(e.getMessage() + " in " + where
                + "; restore into a new data directory or an empty database, on which Closeout has not been started");
    }

    private int refused(String why) {
        err.println("restore refused: " + why);
        return REFUSED;
    }

    private int reportBackup(Path file, StoreBackup.Summary summary) {
        out.println("Backup written to " + file + ": " + summary.documents() + " documents, " + summary.events()
                + " events up to index " + summary.highestIndex());
        return DONE;
    }

    private interface Writing<T> {
        T writeTo(OutputStream target) throws IOException;
    }

    /**
     * Writes beside {@code file}, reads what was written to its end record, and only then moves it into
     * place, so that {@code file} is a whole backup or untouched (a backup that failed part-way in the
     * application ends the socket's stream early, which the check catches); owner-only where the file
     * system has POSIX permissions, as it holds what the store holds. Answers what {@code writing} does.
     */
    private static <T> T save(Path file, Writing<T> writing) throws IOException {
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        Files.deleteIfExists(partial);
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(partial, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        try {
            T result;
            try (OutputStream target = Files.newOutputStream(partial)) {
                result = writing.writeTo(target);
            }
            try (InputStream written = Files.newInputStream(partial)) {
                BackupFile.read(written, (collection, document) -> { });
            }
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return result;
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    /** Asks the application for its backup and copies it to {@code target}. */
    private static Void askForBackup(SocketChannel socket, OutputStream target) throws IOException {
        Channels.newOutputStream(socket).write((BackupSocket.BACKUP + "\n").getBytes(StandardCharsets.US_ASCII));
        InputStream in = Channels.newInputStream(socket);
        StringBuilder status = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("the running application closed the backup socket without answering");
            }
            status.append((char) c);
        }
        if (!status.toString().equals(BackupSocket.OK)) {
            throw new IOException("the running application refused: " + status);
        }
        in.transferTo(target);
        return null;
    }

    /** The running application's backup socket, or null when no application answers there. */
    private static SocketChannel connect(Path dataDir) {
        Path socket = dataDir.resolve(BackupSocket.FILE_NAME);
        if (!Files.exists(socket)) {
            return null;
        }
        try {
            SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            channel.connect(UnixDomainSocketAddress.of(socket));
            return channel;
        } catch (IOException e) {
            // a socket file left by an application that was killed
            return null;
        }
    }

    private static EmbeddedMongoServer open(Path dataDir) {
        try {
            return EmbeddedMongoServer.start(dataDir);
        } catch (MVStoreException e) {
            if (e.getErrorCode() == DataUtils.ERROR_FILE_LOCKED) {
                throw new StoreInUseException("the store in " + dataDir + " is in use by another process that offers "
                        + "no backup socket (" + BackupSocket.FILE_NAME + ")", e);
            }
            throw e;
        }
    }

    /** Another process holds the store's file: an application whose backup socket could not be made, say. */
    private static final class StoreInUseException extends IllegalStateException {
        StoreInUseException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The read models' store of an embedded one, brought to two files first as the application would. */
    private static MongoDatabase readModels(MongoClient client, MongoClient readModelClient,
                                            EmbeddedMongoServer readModelServer) {
        MongoDatabase readModels = readModelClient.getDatabase(DATABASE);
        ReadModelStoreUpgrade.moveOut(client.getDatabase(DATABASE), readModels, readModelServer.durability());
        return readModels;
    }

    private static MongoDatabase database(MongoClient client, String uri) {
        String name = new ConnectionString(uri).getDatabase();
        return client.getDatabase(StringUtils.hasText(name) ? name : DATABASE);
    }
}
