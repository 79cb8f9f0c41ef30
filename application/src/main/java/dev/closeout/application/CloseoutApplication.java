package dev.closeout.application;

import dev.closeout.application.infrastructure.backup.BackupCommandLine;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Closeout: the task-ledger closure engine (挂账销号). {@code backup <file>} and {@code restore <file>}
 * as first arguments run those commands instead of the application.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class CloseoutApplication {

    /** Axon's update checker would call out to the internet from government networks; opt in explicitly instead. */
    private static final String UPDATE_CHECKER_DISABLED = "axoniq.update-checker.disabled";

    public static void main(String[] args) {
        if (System.getProperty(UPDATE_CHECKER_DISABLED) == null) {
            System.setProperty(UPDATE_CHECKER_DISABLED, "true");
        }
        if (BackupCommandLine.handles(args)) {
            System.exit(new BackupCommandLine(System.out, System.err).run(args));
        }
        SpringApplication.run(CloseoutApplication.class, args);
    }
}
