package dev.closeout.application;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Closeout: the task-ledger closure engine (挂账销号). */
@SpringBootApplication
@ConfigurationPropertiesScan
public class CloseoutApplication {

    /** Axon's update checker would call out to the internet from government networks; opt in explicitly instead. */
    private static final String UPDATE_CHECKER_DISABLED = "axoniq.update-checker.disabled";

    public static void main(String[] args) {
        if (System.getProperty(UPDATE_CHECKER_DISABLED) == null) {
            System.setProperty(UPDATE_CHECKER_DISABLED, "true");
        }
        SpringApplication.run(CloseoutApplication.class, args);
    }
}
