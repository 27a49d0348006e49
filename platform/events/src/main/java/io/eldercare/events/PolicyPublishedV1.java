package io.eldercare.events;

import java.time.LocalDate;

/** Version 1: a pack version with some of its rules and no categories; superseded by v2, which carries it whole. */
@EventType(name = "PolicyPublished", version = 1, aggregateType = "Policy")
public record PolicyPublishedV1(String policyCode, int version, String region, LocalDate effectiveFrom,
        long offlineMonthlyAllowanceFen, long onlineMonthlyFeeFen, String resetRule, int callbackDueHours,
        String hourlyRounding, int selfPayDiscountBps, Long perOrderCapFen, Long perDayCapFen, Long deliveryFeeFen)
        implements DomainEvent {

    @Override
    public String aggregateId() {
        return policyCode;
    }
}
