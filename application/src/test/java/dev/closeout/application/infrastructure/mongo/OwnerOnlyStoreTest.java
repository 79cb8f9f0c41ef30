package dev.closeout.application.infrastructure.mongo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;

/** Other users of the machine must not read complainants' names and phones out of the store's file. */
@EnabledOnOs({OS.LINUX, OS.MAC})
@ExtendWith(OutputCaptureExtension.class)
class OwnerOnlyStoreTest {

    @TempDir
    Path root;

    @Test
    void aDataDirectoryAndStoreTheServerCreatesAreItsOwnersAlone() throws Exception {
        Path dataDir = root.resolve("offices/data");

        EmbeddedMongoServer.start(dataDir).close();

        assertThat(permissions(root.resolve("offices"))).isEqualTo("rwx------");
        assertThat(permissions(dataDir)).isEqualTo("rwx------");
        assertThat(permissions(dataDir.resolve(EmbeddedMongoServer.FILE_NAME))).isEqualTo("rw-------");
    }

    @Test
    void aStoreOthersCanReadKeepsItsPermissionsAndIsNamedInAWarning(CapturedOutput output) throws Exception {
        Path dataDir = root.resolve("data");
        EmbeddedMongoServer.start(dataDir).close();
        Path file = dataDir.resolve(EmbeddedMongoServer.FILE_NAME);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        EmbeddedMongoServer.start(dataDir).close();

        assertThat(permissions(file)).isEqualTo("rw-r--r--");
        assertThat(output).contains(file + " is open to other users of this machine (rw-r--r--)");
    }

    private static String permissions(Path path) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }
}
