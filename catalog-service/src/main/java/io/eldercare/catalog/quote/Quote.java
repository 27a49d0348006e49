package io.eldercare.catalog.quote;

import io.eldercare.catalog.item.PriceList.PricedItem;
import io.eldercare.catalog.policy.PackRules;
import io.eldercare.catalog.policy.PolicyPack;
import io.eldercare.platform.money.Pricing;
import io.eldercare.platform.money.SelfPay;
import java.time.LocalDate;
import java.time.LocalTime;

/**
 * The price of an order in fen: unit price times quantity, or for an hourly item the price of the billed minutes
 * (the verified duration rounded by the pack's rule; fractions of a fen round half up). A delivered meal adds the
 * pack's delivery fee once per order, always self-paid. How much the subsidy pays is the wallet's decision (it knows
 * the balance and keeps its own copy of the pack); the public quote shows the pack's payment rules, the version that
 * priced it, and what an elder without subsidy would pay ({@code selfPayPriceFen}: the amount less the pack's
 * self-pay discount, plus the fee). The dispatch service quotes the same way from its own copy.
 */
public record Quote(String policyCode, int policyVersion, String itemCode, String unit, long unitPriceFen,
        int quantity, Integer billedMinutes, long amountFen, long deliveryFeeFen, long selfPayPriceFen,
        LocalDate serviceDate, String category, Rules rules) {

    /** The pack's rules for paying this order. */
    public record Rules(int selfPayDiscountBps, Long perOrderCapFen, Long perDayCapFen, Long deliveryFeeFen,
            Integer subsidisedMealsPerDay, LocalTime mealOrderCutoff, boolean unclaimedMealForfeited) {

        static Rules of(PackRules rules) {
            return new Rules(rules.selfPayDiscountBps(), rules.perOrderCapFen(), rules.perDayCapFen(),
                    rules.deliveryFeeFen(), rules.subsidisedMealsPerDay(), rules.mealOrderCutoff(),
                    rules.unclaimedMealForfeited());
        }
    }

    /** Prices an offline item by count (times, meals; hours for an hourly item). */
    public static Quote of(PolicyPack pack, PricedItem priced, int quantity, LocalDate serviceDate,
            String category) {
        return build(pack, priced, Pricing.byCount(priced.item().unit().name(), priced.priceFen(), quantity,
                pack.rules().hourlyRounding()), serviceDate, category);
    }

    /** Prices an hourly item by its verified duration in minutes, rounded by the pack. */
    public static Quote byDuration(PolicyPack pack, PricedItem priced, int minutes, LocalDate serviceDate,
            String category) {
        return build(pack, priced, Pricing.byDuration(priced.priceFen(), minutes, pack.rules().hourlyRounding()),
                serviceDate, category);
    }

    private static Quote build(PolicyPack pack, PricedItem priced, Pricing.Priced billed, LocalDate serviceDate,
            String category) {
        long amount = billed.amountFen();
        PackRules rules = pack.rules();
        long fee = Pricing.deliveryFeeFen(priced.item().delivered(), rules.deliveryFeeFen());
        return new Quote(pack.code(), pack.version(), priced.item().code(), priced.item().unit().name(),
                priced.priceFen(), billed.quantity(), billed.billedMinutes(), amount, fee,
                selfPaidFen(amount, fee, rules), serviceDate, category, Rules.of(rules));
    }

    /** What an elder without subsidy pays for an amount: less the pack's self-pay discount, plus the fee in full. */
    static long selfPaidFen(long amountFen, long deliveryFeeFen, PackRules rules) {
        return SelfPay.priceFen(amountFen, rules.selfPayDiscountBps()) + deliveryFeeFen;
    }
}
