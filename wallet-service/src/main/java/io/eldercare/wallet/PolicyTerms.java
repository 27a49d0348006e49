package io.eldercare.wallet;

import io.eldercare.platform.web.ServiceClients;
import io.eldercare.wallet.ledger.Wallet;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

/** What the wallet needs of a policy pack, asked of the catalog for the day it applies to. */
@Component
public class PolicyTerms {

    /** A pack's eligibility category and its monthly wallet credit. */
    public record Category(String code, long offlineMonthlyFen) {
    }

    /** What the month of the service start receives, as the pack says. */
    public enum FirstMonthRule { FULL, PRORATED, NEXT_MONTH }

    /** The pack's wallet rules. */
    public record Terms(String code, int version, long offlineMonthlyAllowanceFen, Wallet.ResetRule resetRule,
            FirstMonthRule firstMonthRule, List<Category> categories) {

        /** The monthly credit of a category; the pack's default for a wallet opened before categories existed. */
        public long allowanceFor(String category) {
            if (category == null) {
                return offlineMonthlyAllowanceFen;
            }
            return categories.stream().filter(c -> c.code().equals(category)).findFirst()
                    .map(Category::offlineMonthlyFen)
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
    }

    private record Rules(long offlineMonthlyAllowanceFen, Wallet.ResetRule resetRule, FirstMonthRule firstMonthRule) {
    }

    private record PolicyView(String code, int version, Rules rules, List<Category> categories) {
    }

    private final ServiceClients clients;
    private final RestClient catalog;

    PolicyTerms(ServiceClients clients) {
        this.clients = clients;
        this.catalog = clients.forService("catalog-service");
    }

    public Terms inForceOn(String policyCode, LocalDate day) {
        PolicyView view = clients.call("catalog-service", () -> catalog.get()
                .uri("/policies/{code}?on={day}", policyCode, day)
                .retrieve().body(PolicyView.class));
        return new Terms(view.code(), view.version(), view.rules().offlineMonthlyAllowanceFen(),
                view.rules().resetRule(), view.rules().firstMonthRule(),
                view.categories() == null ? List.of() : view.categories());
    }
}
