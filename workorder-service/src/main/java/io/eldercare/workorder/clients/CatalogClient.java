package io.eldercare.workorder.clients;

import io.eldercare.platform.web.ServiceClients;
import java.time.LocalDate;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

/** Prices from catalog-service. */
@Component
public class CatalogClient {

    /** The catalog's price for an order. */
    public record Quote(String policyCode, int policyVersion, String itemCode, String unit, long unitPriceFen,
            int quantity, long amountFen) {
    }

    private final ServiceClients clients;
    private final RestClient catalog;

    CatalogClient(ServiceClients clients) {
        this.clients = clients;
        this.catalog = clients.forService("catalog-service");
    }

    public Quote quote(String policyCode, String itemCode, int quantity, LocalDate serviceDate) {
        return clients.call("catalog-service", () -> catalog.get()
                .uri("/quotes?policy={policy}&item={item}&quantity={quantity}&date={date}", policyCode, itemCode,
                        quantity, serviceDate)
                .retrieve().body(Quote.class));
    }
}
