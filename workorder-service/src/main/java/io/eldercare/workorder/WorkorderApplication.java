package io.eldercare.workorder;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Work orders and their lifecycle: the dispatch service, run as many stateless instances. */
@SpringBootApplication
public class WorkorderApplication {

    public static void main(String[] args) {
        SpringApplication.run(WorkorderApplication.class, args);
    }
}
