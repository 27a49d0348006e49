package io.eldercare.wallet;

import io.eldercare.events.FirstMonthRule;
import io.eldercare.events.PolicyPublished;
import io.eldercare.events.ResetRule;
import io.eldercare.platform.money.Pricing;
import io.eldercare.platform.readmodel.PolicyPacks;
import io.eldercare.wallet.ledger.Wallet;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * What the wallet enforces of a policy pack — allowances by category, the first-month and reset rules, and how an
 * order is paid (caps, self-pay discount, delivery fee, subsidised meals) — from its own copy of the pack in force
 * on the day. No rule is taken from a caller.
 */
@Component
public class PolicyTerms {

    /** The pack's wallet rules on a day. */
    public record Terms(String code, int version, long offlineMonthlyAllowanceFen, ResetRule resetRule,
            FirstMonthRule firstMonthRule, List<PolicyPublished.Category> categories, Wallet.PaymentRules payment,
            Long deliveryFeeFen, boolean resetOnTermination) {

        /** The monthly credit of a category; the pack's default for a wallet opened before categories existed. */
        public long allowanceFor(String category) {
            if (category == null) {
                return offlineMonthlyAllowanceFen;
            }
            return categories.stream().filter(c -> c.code().equals(category)).findFirst()
                    .map(PolicyPublished.Category::offlineMonthlyFen)
                    .orElseThrow(() -> new IllegalStateException("category " + category + " is not in pack " + code
                            + " version " + version));
        }

        /**
         * The credit for the month the service starts in: all of it (FULL), the share of the days from the start
         * (PRORATED, half a fen up), or nothing (NEXT_MONTH).
         */
        public long firstMonthAllowance(String category, LocalDate serviceStart) {
            long full = allowanceFor(category);
            return switch (firstMonthRule) {
                case PRORATED -> {
                    YearMonth month = YearMonth.from(serviceStart);
                    int days = month.lengthOfMonth() - serviceStart.getDayOfMonth() + 1;
                    yield BigDecimal.valueOf(full).multiply(BigDecimal.valueOf(days))
                            .divide(BigDecimal.valueOf(month.lengthOfMonth()), 0, RoundingMode.HALF_UP)
                            .longValueExact();
                }
                case NEXT_MONTH -> 0;
                case FULL -> full;
            };
        }

        /** The self-paid fee of a delivered order (嘉峪关 第五条(五)); nothing when the pack has none. */
        public long deliveryFeeFor(boolean delivered) {
            return Pricing.deliveryFeeFen(delivered, deliveryFeeFen);
        }
    }

    private final PolicyPacks packs;

    PolicyTerms(PolicyPacks packs) {
        this.packs = packs;
    }

    /** The terms in force on the day, or a 503 while the catalog's pack has not reached the wallet. */
    public Terms inForceOn(String policyCode, LocalDate day) {
        PolicyPublished pack = packs.inForceOn(policyCode, day);
        PolicyPublished.Rules rules = pack.rules();
        return new Terms(pack.policyCode(), pack.version(), rules.offlineMonthlyAllowanceFen(), rules.resetRule(),
                rules.firstMonthRule(), pack.categories(), new Wallet.PaymentRules(rules.perOrderCapFen(),
                        rules.perDayCapFen(), rules.selfPayDiscountBps(), rules.subsidisedMealsPerDay()),
                rules.deliveryFeeFen(), rules.resetOnTermination());
    }
}
