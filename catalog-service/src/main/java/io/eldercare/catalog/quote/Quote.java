package io.eldercare.catalog.quote;

import io.eldercare.catalog.item.ServiceItem;
import io.eldercare.catalog.policy.PolicyPack;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;

/**
 * The price of an order in fen: unit price times quantity, or for an hourly item the price of the billed minutes
 * (the verified duration rounded by the pack's rule; fractions of a fen round half up). How much the subsidy pays
 * is the wallet's decision; the quote carries the pack's rules it needs and the pack's version that priced it.
 */
public record Quote(String policyCode, int policyVersion, String itemCode, String unit, long unitPriceFen,
        int quantity, Integer billedMinutes, long amountFen, LocalDate serviceDate, Rules rules) {

    /** The pack's rules for paying this order. */
    public record Rules(int selfPayDiscountBps, Long perOrderCapFen, Long perDayCapFen, Long deliveryFeeFen) {

        static Rules of(PolicyPack pack) {
            return new Rules(pack.selfPayDiscountBps(), pack.perOrderCapFen(), pack.perDayCapFen(),
                    pack.deliveryFeeFen());
        }
    }

    /** Prices an offline item by count (times, meals). */
    public static Quote of(PolicyPack pack, ServiceItem item, int quantity, LocalDate serviceDate) {
        if (item.unit() == ServiceItem.Unit.PER_HOUR) {
            return byDuration(pack, item, quantity * 60, serviceDate);
        }
        return new Quote(pack.code(), pack.version(), item.code(), item.unit().name(), item.priceFen(), quantity,
                null, Math.multiplyExact(item.priceFen(), quantity), serviceDate, Rules.of(pack));
    }

    /** Prices an hourly item by its verified duration in minutes, rounded by the pack. */
    public static Quote byDuration(PolicyPack pack, ServiceItem item, int minutes, LocalDate serviceDate) {
        int billed = pack.hourlyRounding().billedMinutes(minutes);
        long amount = BigDecimal.valueOf(item.priceFen()).multiply(BigDecimal.valueOf(billed))
                .divide(BigDecimal.valueOf(60), 0, RoundingMode.HALF_UP).longValueExact();
        return new Quote(pack.code(), pack.version(), item.code(), item.unit().name(), item.priceFen(),
                (billed + 59) / 60, billed, amount, serviceDate, Rules.of(pack));
    }
}
