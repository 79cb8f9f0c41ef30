package dev.closeout.application;

import dev.closeout.application.infrastructure.mongo.ProcessSockets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The embedded store has no authentication: a port of its own, even on 127.0.0.1, would let any
 * local process read complainants' names and phones and write documents past every role check.
 * So the packaged application on its embedded default listens on its HTTP port and nothing else,
 * as the kernel sees it.
 */
@EnabledOnOs(OS.LINUX)
class EmbeddedDefaultPortsIT {

    @TempDir
    Path root;

    @Test
    void the_application_on_its_embedded_default_listens_on_its_http_port_only() throws Exception {
        ForkedApplication app = ForkedApplication.launch(root, root.resolve("data"), "embedded");
        boolean passed = false;
        try {
            // answers a signed-in read, so the store is open and in use
            app.awaitAnswer();

            assertThat(ProcessSockets.listeningPorts(app.pid())).containsExactly(app.port());
            passed = true;
        } finally {
            app.stop();
            if (!passed) {
                app.printLog();
            }
        }
    }
}
