package io.eldercare.events;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * Prices of a pack from {@code effectiveFrom} (第十条: the bureau publishes them; a new item appears on that day).
 * Earlier prices stay in force for earlier days. Published for the seeded price list and for every approved change
 * ({@code proposalId} names the change; null for the seeded list).
 */
@EventType(name = "PriceListPublished", version = 2, aggregateType = "Policy")
public record PriceListPublished(String policyCode, LocalDate effectiveFrom, List<Price> prices, UUID proposalId)
        implements DomainEvent {

    /**
     * One item's price in fen: how it is counted ({@code PER_TIME}, {@code PER_HOUR}, {@code PER_MEAL},
     * {@code PER_MONTH}), whether it is ordered per visit ({@code OFFLINE}) or a monthly online package, and whether
     * it is delivered (a delivered meal carries the pack's delivery fee).
     */
    public record Price(String itemCode, String category, String unit, String mode, boolean delivered,
            long priceFen) {
    }

    @Override
    public String aggregateId() {
        return policyCode;
    }
}
