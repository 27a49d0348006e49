package io.eldercare.platform.money;

import io.eldercare.events.HourlyRounding;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The market amount of an order in fen, the same wherever it is computed (the catalog's public quotes, the dispatch
 * service's own): unit price times quantity; for an hourly item the price of the billed minutes — the duration
 * rounded by the pack's rule, a fraction of a fen half up.
 */
public final class Pricing {

    /** How many units are billed, the billed minutes of an hourly item (else null), and the amount. */
    public record Priced(int quantity, Integer billedMinutes, long amountFen) {
    }

    private Pricing() {
    }

    /**
     * The self-paid fee of a delivered order (嘉峪关 第五条(五): 送餐费自理), once per order and never discounted;
     * nothing when the item is not delivered or the pack has no fee.
     */
    public static long deliveryFeeFen(boolean delivered, Long packDeliveryFeeFen) {
        return delivered && packDeliveryFeeFen != null ? packDeliveryFeeFen : 0;
    }

    /** Prices a count of units; for an hourly item, {@code quantity} hours. */
    public static Priced byCount(String unit, long unitPriceFen, int quantity, HourlyRounding rounding) {
        if ("PER_HOUR".equals(unit)) {
            return byDuration(unitPriceFen, Math.multiplyExact(quantity, 60), rounding);
        }
        return new Priced(quantity, null, Math.multiplyExact(unitPriceFen, quantity));
    }

    /** Prices an hourly item by its duration in minutes, rounded by the pack's rule. */
    public static Priced byDuration(long unitPriceFen, int minutes, HourlyRounding rounding) {
        int billed = rounding.billedMinutes(minutes);
        long amount = BigDecimal.valueOf(unitPriceFen).multiply(BigDecimal.valueOf(billed))
                .divide(BigDecimal.valueOf(60), 0, RoundingMode.HALF_UP).longValueExact();
        return new Priced((billed + 59) / 60, billed, amount);
    }
}
