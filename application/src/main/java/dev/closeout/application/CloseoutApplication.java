package dev.closeout.application;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Closeout: the task-ledger closure engine (挂账销号). */
@SpringBootApplication
public class CloseoutApplication {

    public static void main(String[] args) {
        SpringApplication.run(CloseoutApplication.class, args);
    }
}
