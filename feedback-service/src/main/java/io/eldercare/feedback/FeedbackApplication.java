package io.eldercare.feedback;

import io.eldercare.platform.readmodel.PolicyPacks;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;

/** Ratings, callbacks and complaints. */
@SpringBootApplication
@Import(PolicyPacks.class)
public class FeedbackApplication {

    public static void main(String[] args) {
        SpringApplication.run(FeedbackApplication.class, args);
    }
}
