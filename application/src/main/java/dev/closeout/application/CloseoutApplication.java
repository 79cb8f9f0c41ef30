package dev.closeout.application;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Closeout: the task-ledger closure engine (挂账销号). */
@SpringBootApplication
@ConfigurationPropertiesScan
public class CloseoutApplication {

    public static void main(String[] args) {
        SpringApplication.run(CloseoutApplication.class, args);
    }
}
