package io.eldercare.catalog.quote;

import io.eldercare.catalog.item.ServiceItem;
import io.eldercare.catalog.policy.PolicyPack;
import java.time.LocalDate;

/**
 * The price of an order: unit price times quantity, in fen. How much of it the subsidy pays is the wallet's
 * decision (it knows the balance); the quote carries the pack's version so that callers can tell what priced it.
 */
public record Quote(String policyCode, int policyVersion, String itemCode, String unit, long unitPriceFen,
        int quantity, long amountFen, LocalDate serviceDate) {

    /** Prices an offline item; quantity is checked at the edge (1 to 24). */
    public static Quote of(PolicyPack pack, ServiceItem item, int quantity, LocalDate serviceDate) {
        return new Quote(pack.code(), pack.version(), item.code(), item.unit().name(), item.priceFen(), quantity,
                Math.multiplyExact(item.priceFen(), quantity), serviceDate);
    }
}
