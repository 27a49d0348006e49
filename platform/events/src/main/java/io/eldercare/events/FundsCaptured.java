package io.eldercare.events;

import java.util.UUID;

/** A completed order's hold was captured: the subsidy part is spent, the self-pay part is owed by the elder. */
@EventType(name = "FundsCaptured", version = 1, aggregateType = "Elder")
public record FundsCaptured(UUID walletId, UUID elderId, UUID orderId, long subsidyFen, long selfPayFen,
        long availableFen) implements DomainEvent {

    @Override
    public String aggregateId() {
        return elderId.toString();
    }
}
