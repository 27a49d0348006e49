package io.eldercare.events;

import java.time.LocalDate;

/** A new version of a region's policy pack, in force from {@code effectiveFrom} (never backwards). */
@EventType(name = "PolicyPublished", version = 1, aggregateType = "Policy")
public record PolicyPublished(String policyCode, int version, String region, LocalDate effectiveFrom,
        long offlineMonthlyAllowanceFen, long onlineMonthlyFeeFen, String resetRule, int callbackDueHours,
        String hourlyRounding, int selfPayDiscountBps, Long perOrderCapFen, Long perDayCapFen, Long deliveryFeeFen)
        implements DomainEvent {

    @Override
    public String aggregateId() {
        return policyCode;
    }
}
