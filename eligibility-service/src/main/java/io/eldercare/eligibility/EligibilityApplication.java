package io.eldercare.eligibility;

import io.eldercare.platform.readmodel.PolicyPacks;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;

/** Elders' applications and their review. */
@SpringBootApplication
@Import(PolicyPacks.class)
public class EligibilityApplication {

    public static void main(String[] args) {
        SpringApplication.run(EligibilityApplication.class, args);
    }
}
