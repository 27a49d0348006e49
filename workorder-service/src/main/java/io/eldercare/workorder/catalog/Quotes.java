package io.eldercare.workorder.catalog;

import io.eldercare.events.PolicyPublished;
import io.eldercare.platform.domain.Refusal;
import io.eldercare.platform.money.Pricing;
import io.eldercare.platform.readmodel.PolicyPacks;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Quotes and provider checks from this service's own copies of the catalog's facts: the order path asks no other
 * service but the wallet. A quote here equals the catalog's public quote for the same pack, item, day and quantity.
 */
@Component
public class Quotes {

    /** The pack's rules that decide whether and when a meal may be ordered. */
    public record MealRules(Integer subsidisedMealsPerDay, LocalTime mealOrderCutoff, boolean unclaimedMealForfeited) {
    }

    /**
     * The market price of an order: unit price times quantity (or the billed minutes of an hourly item), and
     * whether it is a delivered meal, under the pack version in force on the service day.
     */
    public record Quote(String policyCode, int policyVersion, String itemCode, String unit, long unitPriceFen,
            int quantity, Integer billedMinutes, long amountFen, long deliveryFeeFen, boolean delivered,
            LocalDate serviceDate, String category, MealRules rules) {

        /** A meal counts against the pack's subsidised meals a day. */
        public boolean meal() {
            return "PER_MEAL".equals(unit);
        }
    }

    /** Whether a provider may serve an item in a community on a day, and if not, why. */
    public record Serving(boolean serves, List<String> reasons) {
    }

    private record Price(String unit, String mode, boolean delivered, long priceFen) {
    }

    private final JdbcClient jdbc;
    private final PolicyPacks packs;

    Quotes(JdbcClient jdbc, PolicyPacks packs) {
        this.jdbc = jdbc;
        this.packs = packs;
    }

    /** Prices {@code quantity} units of an offline item on a day for an elder of a category. */
    public Quote quote(String policyCode, String itemCode, int quantity, LocalDate serviceDate, String category) {
        PolicyPublished pack = packs.inForceOn(policyCode, serviceDate);
        if (category != null && pack.categories().stream().noneMatch(c -> c.code().equals(category))) {
            throw Refusal.invalid("unknown-category", "Unknown eligibility category",
                    category + " is not a category of " + policyCode + " version " + pack.version() + ".");
        }
        Price price = jdbc.sql("""
                SELECT unit, mode, delivered, price_fen FROM item_price_copy
                WHERE policy_code = ? AND item_code = ? AND effective_from <= ?
                ORDER BY effective_from DESC LIMIT 1""")
                .params(policyCode, itemCode, serviceDate)
                .query((rs, n) -> new Price(rs.getString(1), rs.getString(2), rs.getBoolean(3), rs.getLong(4)))
                .optional().orElseThrow(() -> unknownItem(policyCode, itemCode, serviceDate));
        if (!"OFFLINE".equals(price.mode())) {
            throw Refusal.invalid("item-not-orderable", "Item is not ordered per visit",
                    itemCode + " is an online monthly package paid to the platform per head, not ordered per visit.");
        }
        PolicyPublished.Rules rules = pack.rules();
        Pricing.Priced billed = Pricing.byCount(price.unit(), price.priceFen(), quantity, rules.hourlyRounding());
        long fee = Pricing.deliveryFeeFen(price.delivered(), rules.deliveryFeeFen());
        return new Quote(policyCode, pack.version(), itemCode, price.unit(), price.priceFen(), billed.quantity(),
                billed.billedMinutes(), billed.amountFen(), fee, price.delivered(), serviceDate, category,
                new MealRules(rules.subsidisedMealsPerDay(), rules.mealOrderCutoff(), rules.unclaimedMealForfeited()));
    }

    /** No price for the item that day: unknown to the pack — or, while no price of the pack has arrived, not yet known. */
    private Refusal unknownItem(String policyCode, String itemCode, LocalDate day) {
        boolean anyPrice = jdbc.sql("SELECT EXISTS (SELECT 1 FROM item_price_copy WHERE policy_code = ?)")
                .param(policyCode).query(Boolean.class).single();
        if (!anyPrice) {
            return Refusal.unavailable("prices-not-known-yet",
                    "Prices not known here yet", "The catalog's prices of " + policyCode + " have not reached this"
                            + " service yet. Nothing was changed; try again in a minute.");
        }
        return Refusal.notFound("Service item", itemCode + " of " + policyCode + " on " + day);
    }

    /**
     * A provider serves an item in a community on a day when it is not suspended and one of its contracts for the
     * pack runs that day and names both (第十二条: contracts name items and communities).
     */
    public Serving serving(UUID providerId, String policyCode, String itemCode, String communityCode, LocalDate day) {
        List<String> reasons = new ArrayList<>();
        if (jdbc.sql("SELECT EXISTS (SELECT 1 FROM provider_suspension_copy WHERE provider_id = ?)")
                .param(providerId).query(Boolean.class).single()) {
            reasons.add("provider is SUSPENDED");
        }
        boolean contracted = jdbc.sql("""
                SELECT EXISTS (SELECT 1 FROM provider_contract_copy
                WHERE provider_id = ? AND policy_code = ? AND starts_on <= ? AND least(ends_on, ended_on) >= ?
                  AND ? = ANY (item_codes) AND ? = ANY (community_codes))""")
                .params(providerId, policyCode, day, day, itemCode, communityCode).query(Boolean.class).single();
        if (!contracted) {
            reasons.add("no contract of " + policyCode + " running on " + day + " names " + itemCode + " in "
                    + communityCode);
        }
        return new Serving(reasons.isEmpty(), reasons);
    }
}
