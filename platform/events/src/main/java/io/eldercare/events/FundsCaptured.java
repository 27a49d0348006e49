package io.eldercare.events;

import java.util.UUID;

/**
 * A completed order's hold was captured: the subsidy part is spent, the self-pay part is owed by the elder; with the
 * wallet's balances after it (what a capture below the hold leaves follows as its own release or expiry).
 */
@EventType(name = "FundsCaptured", version = 2, aggregateType = "Elder")
public record FundsCaptured(UUID walletId, UUID elderId, UUID orderId, long subsidyFen, long selfPayFen,
        long availableFen, long heldFen) implements DomainEvent {

    @Override
    public String aggregateId() {
        return elderId.toString();
    }
}
