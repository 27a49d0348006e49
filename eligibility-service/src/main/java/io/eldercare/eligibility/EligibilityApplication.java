package io.eldercare.eligibility;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Elders' applications and their review. */
@SpringBootApplication
public class EligibilityApplication {

    public static void main(String[] args) {
        SpringApplication.run(EligibilityApplication.class, args);
    }
}
