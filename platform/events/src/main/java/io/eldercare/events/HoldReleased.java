package io.eldercare.events;

import java.util.UUID;

/**
 * Held subsidy went back (HELD → AVAILABLE): the order was cancelled, or completed for less than was held; with the
 * wallet's balances after it.
 */
@EventType(name = "HoldReleased", version = 1, aggregateType = "Elder")
public record HoldReleased(UUID walletId, UUID elderId, UUID orderId, long releasedFen, String reason,
        long availableFen, long heldFen) implements DomainEvent {

    @Override
    public String aggregateId() {
        return elderId.toString();
    }
}
