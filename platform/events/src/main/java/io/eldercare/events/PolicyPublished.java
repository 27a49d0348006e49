package io.eldercare.events;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;

/**
 * A version of a region's policy pack, whole: every rule and every eligibility category with its amounts, in force
 * from {@code effectiveFrom} until the next version's date. Services that enforce a rule keep their own copy from
 * these events and never ask the catalog; a fresh service rebuilds its copy from offset 0.
 */
@EventType(name = "PolicyPublished", version = 2, aggregateType = "Policy")
public record PolicyPublished(String policyCode, int version, String region, String name, LocalDate effectiveFrom,
        Rules rules, List<Category> categories) implements DomainEvent {

    /**
     * Every rule of the version; a null rule is one the policy does not have (no cap, no meal limit). Amounts are
     * fen. The catalog's {@code PackRules} documents each with its article.
     */
    public record Rules(long offlineMonthlyAllowanceFen, long onlineMonthlyFeeFen, ResetRule resetRule,
            boolean resetOnTermination, FirstMonthRule firstMonthRule, int callbackDueHours, int complaintDueHours,
            HourlyRounding hourlyRounding, int selfPayDiscountBps, Long perOrderCapFen, Long perDayCapFen,
            Long deliveryFeeFen, Integer subsidisedMealsPerDay, LocalTime mealOrderCutoff,
            boolean unclaimedMealForfeited, Integer geofenceRadiusMetres, Integer welfareUnansweredCalls,
            Integer welfareCallWindowHours, Integer welfareIdleDays, Integer publicNoticeDays,
            Long canteenAnnualSubsidyFen) {
    }

    /** An eligibility category: who qualifies (from what age) and what they receive a month, in fen. */
    public record Category(String code, String name, int minAge, long offlineMonthlyFen, long onlineMonthlyFen) {
    }

    @Override
    public String aggregateId() {
        return policyCode;
    }
}
