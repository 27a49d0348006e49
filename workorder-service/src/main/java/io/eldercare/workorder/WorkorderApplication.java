package io.eldercare.workorder;

import org.springframework.boot.SpringApplication;
import io.eldercare.platform.readmodel.PolicyPacks;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;

/** Work orders and their lifecycle: the dispatch service, run as many stateless instances. */
@SpringBootApplication
@Import(PolicyPacks.class)
public class WorkorderApplication {

    public static void main(String[] args) {
        SpringApplication.run(WorkorderApplication.class, args);
    }
}
