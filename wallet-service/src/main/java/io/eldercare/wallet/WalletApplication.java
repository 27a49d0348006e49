package io.eldercare.wallet;

import io.eldercare.platform.readmodel.PolicyPacks;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;

/** Subsidy wallets: monthly credits, holds, captures, releases and resets, in fen. */
@SpringBootApplication
@Import(PolicyPacks.class)
public class WalletApplication {

    public static void main(String[] args) {
        SpringApplication.run(WalletApplication.class, args);
    }
}
