package io.eldercare.workorder.clients;

import io.eldercare.platform.web.ServiceClients;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

/** Holds from wallet-service; the order id is the idempotency key, so a retried hold holds once. */
@Component
public class WalletClient {

    /** How the wallet splits an order. */
    public record Hold(UUID orderId, long listAmountFen, long discountFen, long amountFen, long subsidyFen,
            long selfPayFen, String status) {
    }

    private final ServiceClients clients;
    private final RestClient wallet;

    WalletClient(ServiceClients clients) {
        this.clients = clients;
        this.wallet = clients.forService("wallet-service");
    }

    /** Holds the subsidy part of a quoted order under the quote's pack rules. */
    public Hold hold(UUID orderId, UUID elderId, CatalogClient.Quote quote, LocalDate serviceDate) {
        Map<String, Object> body = new HashMap<>();
        body.put("orderId", orderId);
        body.put("elderId", elderId);
        body.put("amountFen", quote.amountFen());
        body.put("deliveryFeeFen", quote.deliveryFeeFen());
        body.put("serviceDate", serviceDate);
        body.put("selfPayDiscountBps", quote.rules().selfPayDiscountBps());
        body.put("perOrderCapFen", quote.rules().perOrderCapFen());
        body.put("perDayCapFen", quote.rules().perDayCapFen());
        body.put("meal", CatalogClient.isMeal(quote));
        body.put("subsidisedMealsPerDay", quote.rules().subsidisedMealsPerDay());
        return clients.call("wallet-service", () -> wallet.post().uri("/holds").body(body)
                .retrieve().body(Hold.class));
    }
}
