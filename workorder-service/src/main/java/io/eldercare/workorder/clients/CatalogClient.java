package io.eldercare.workorder.clients;

import io.eldercare.platform.web.ServiceClients;
import java.time.LocalDate;
import java.util.List;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

/** Prices from catalog-service. */
@Component
public class CatalogClient {

    /** The catalog's price for an order. */
    public record Quote(String policyCode, int policyVersion, String itemCode, String unit, long unitPriceFen,
            int quantity, long amountFen, long deliveryFeeFen, Rules rules) {
    }

    /** The pack's payment rules the wallet applies to the order. */
    public record Rules(int selfPayDiscountBps, Long perOrderCapFen, Long perDayCapFen,
            Integer subsidisedMealsPerDay, java.time.LocalTime mealOrderCutoff, boolean unclaimedMealForfeited) {
    }

    /** Whether a provider may serve an item in a community on a day (active, and contracted for both). */
    public record Serving(boolean serves, List<String> reasons) {
    }

    public Serving serving(java.util.UUID providerId, String policyCode, String itemCode, String communityCode,
            LocalDate day) {
        return clients.call("catalog-service", () -> catalog.get()
                .uri("/providers/{id}/serves?policy={policy}&item={item}&community={community}&on={day}",
                        providerId, policyCode, itemCode, communityCode, day)
                .retrieve().body(Serving.class));
    }

    /** Whether the quoted item is a meal (counted against the pack's subsidised meals a day). */
    public static boolean isMeal(Quote quote) {
        return "PER_MEAL".equals(quote.unit());
    }

    private final ServiceClients clients;
    private final RestClient catalog;

    CatalogClient(ServiceClients clients) {
        this.clients = clients;
        this.catalog = clients.forService("catalog-service");
    }

    public Quote quote(String policyCode, String itemCode, int quantity, LocalDate serviceDate, String category) {
        return clients.call("catalog-service", () -> catalog.get()
                .uri("/quotes?policy={policy}&item={item}&quantity={quantity}&date={date}&category={category}",
                        policyCode, itemCode, quantity, serviceDate, category)
                .retrieve().body(Quote.class));
    }
}
