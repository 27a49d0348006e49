package io.eldercare.wallet;

import io.eldercare.platform.web.ServiceClients;
import io.eldercare.wallet.ledger.Wallet;
import java.time.LocalDate;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

/** What the wallet needs of a policy pack, asked of the catalog for the day it applies to. */
@Component
public class PolicyTerms {

    /** The pack's wallet rules. */
    public record Terms(String code, int version, long offlineMonthlyAllowanceFen, Wallet.ResetRule resetRule) {
    }

    private record PolicyView(String code, int version, long offlineMonthlyAllowanceFen, String resetRule) {
    }

    private final ServiceClients clients;
    private final RestClient catalog;

    PolicyTerms(ServiceClients clients) {
        this.clients = clients;
        this.catalog = clients.forService("catalog-service");
    }

    public Terms inForceOn(String policyCode, LocalDate day) {
        PolicyView view = clients.call("catalog-service", () -> catalog.get()
                .uri("/policies/{code}?on={day}", policyCode, day)
                .retrieve().body(PolicyView.class));
        return new Terms(view.code(), view.version(), view.offlineMonthlyAllowanceFen(),
                Wallet.ResetRule.valueOf(view.resetRule()));
    }
}
