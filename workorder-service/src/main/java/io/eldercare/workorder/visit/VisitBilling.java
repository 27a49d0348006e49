package io.eldercare.workorder.visit;

import io.eldercare.events.HourlyRounding;
import io.eldercare.platform.money.Pricing;
import io.eldercare.workorder.order.WorkOrder;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * What an hourly visit is paid: its verified minutes rounded by the pack's rule (Pricing, as the catalog quotes), never
 * more than was ordered and held (a longer visit is a change the elder asks for, re-quoted and re-held). A shorter visit
 * is paid from the subsidy first; the self-paid part keeps the order's self-pay discount. The wallet then captures
 * this and gives the rest of the hold back.
 */
public final class VisitBilling {

    /** The billed price of the visit and the minutes billed (after rounding; capped at what was ordered). */
    public record Billed(WorkOrder.Pricing pricing, int billedMinutes) {
    }

    private VisitBilling() {
    }

    public static Billed bill(WorkOrder.Pricing ordered, long verifiedMinutes, HourlyRounding rounding) {
        int minutes = (int) Math.max(1, Math.min(verifiedMinutes, 24 * 60));
        Pricing.Priced priced = Pricing.byDuration(ordered.unitPriceFen(), minutes, rounding);
        int orderedMinutes = ordered.quantity() * 60;
        if (priced.amountFen() >= ordered.listAmountFen()) {
            return new Billed(ordered, Math.min(priced.billedMinutes(), orderedMinutes));
        }
        long list = priced.amountFen();
        long subsidy = Math.min(ordered.subsidyFen(), list);
        long selfPaidList = list - subsidy;
        long orderedSelfPaidList = ordered.listAmountFen() - ordered.subsidyFen();
        long selfPay = orderedSelfPaidList == 0 ? 0 : BigDecimal.valueOf(ordered.selfPayFen())
                .multiply(BigDecimal.valueOf(selfPaidList))
                .divide(BigDecimal.valueOf(orderedSelfPaidList), 0, RoundingMode.HALF_UP).longValueExact();
        long discount = selfPaidList - selfPay;
        return new Billed(new WorkOrder.Pricing(ordered.policyVersion(), ordered.unit(), ordered.unitPriceFen(),
                priced.quantity(), list, discount, subsidy + selfPay, subsidy, selfPay), priced.billedMinutes());
    }
}
