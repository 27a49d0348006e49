package io.eldercare.settlement;

import io.eldercare.platform.readmodel.PolicyPacks;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;

/** The accounting calendar, month close and provider statements. */
@SpringBootApplication
@Import(PolicyPacks.class)
public class SettlementApplication {

    public static void main(String[] args) {
        SpringApplication.run(SettlementApplication.class, args);
    }
}
