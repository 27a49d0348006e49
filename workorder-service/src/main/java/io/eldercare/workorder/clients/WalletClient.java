package io.eldercare.workorder.clients;

import io.eldercare.platform.web.ServiceClients;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

/** Holds from wallet-service; the order id is the idempotency key, so a retried hold holds once. */
@Component
public class WalletClient {

    /** How the wallet splits an order. */
    public record Hold(UUID orderId, long amountFen, long subsidyFen, long selfPayFen, String status) {
    }

    private final ServiceClients clients;
    private final RestClient wallet;

    WalletClient(ServiceClients clients) {
        this.clients = clients;
        this.wallet = clients.forService("wallet-service");
    }

    public Hold hold(UUID orderId, UUID elderId, long amountFen) {
        return clients.call("wallet-service", () -> wallet.post().uri("/holds")
                .body(Map.of("orderId", orderId, "elderId", elderId, "amountFen", amountFen))
                .retrieve().body(Hold.class));
    }
}
