package dev.closeout.application.infrastructure.mongo;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * The embedded store's file holds complainants' names and phones, readable with any text tool:
 * the data directory and file this application creates are its user's alone, whatever the umask
 * says (where the file system has POSIX permissions). Ones that already exist keep what the
 * operator gave them; a warning says when other users can read them.
 */
final class OwnerOnlyStore {

    private static final Logger log = LoggerFactory.getLogger(OwnerOnlyStore.class);
    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private OwnerOnlyStore() {
    }

    /** Creates {@code directory} (rwx------) and {@code file} (rw-------) where they are missing. */
    static void prepare(Path directory, Path file) {
        try {
            if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.createDirectories(directory);
                return;
            }
            warnIfOthersCanRead(directory);
            Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            warnIfOthersCanRead(file);
            if (!Files.exists(file)) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the data directory " + directory + " or its store " + file, e);
        }
    }

    private static void warnIfOthersCanRead(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(path);
        if (permissions.stream().anyMatch(OTHERS::contains)) {
            log.warn("{} is open to other users of this machine ({}), and the store in it holds complainants' names "
                            + "and phones: make it the owner's alone (chmod 700 the data directory, 600 {})",
                    path, PosixFilePermissions.toString(permissions), EmbeddedMongoServer.FILE_NAME);
        }
    }
}
