package io.eldercare.platform.money;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * What an elder pays for the part of an order the subsidy does not cover, when the pack discounts self-pay on the
 * market price (嘉峪关 第四条: 优惠 15—20%). The discount is rounded half up to the fen, so the elder never pays a
 * fraction of a fen and the provider's statement adds up.
 */
public final class SelfPay {

    private SelfPay() {
    }

    /** The discount on {@code marketFen} at {@code discountBps} basis points, in whole fen. */
    public static long discountFen(long marketFen, int discountBps) {
        if (marketFen < 0 || discountBps < 0 || discountBps > 10_000) {
            throw new IllegalArgumentException("market price " + marketFen + " and discount " + discountBps
                    + " bps must be non-negative, the discount at most 10000 bps");
        }
        return BigDecimal.valueOf(marketFen).multiply(BigDecimal.valueOf(discountBps))
                .divide(BigDecimal.valueOf(10_000), 0, RoundingMode.HALF_UP).longValueExact();
    }

    /** The market price less the discount. */
    public static long priceFen(long marketFen, int discountBps) {
        return marketFen - discountFen(marketFen, discountBps);
    }
}
