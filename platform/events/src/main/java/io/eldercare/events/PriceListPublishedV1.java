package io.eldercare.events;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * Version 1, superseded by v2 (which also says whether an item is delivered and how it is ordered).
 * The bureau approved a change to a pack's price list (第十条): from {@code effectiveFrom} the listed items cost the
 * listed prices (a new item appears on that day). Earlier prices stay in force for earlier days.
 */
@EventType(name = "PriceListPublished", version = 1, aggregateType = "Policy")
public record PriceListPublishedV1(String policyCode, LocalDate effectiveFrom, List<Price> prices, UUID proposalId)
        implements DomainEvent {

    /** One item's price in fen and how it is counted. */
    public record Price(String itemCode, String unit, long priceFen) {
    }

    @Override
    public String aggregateId() {
        return policyCode;
    }
}
