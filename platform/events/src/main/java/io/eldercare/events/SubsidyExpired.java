package io.eldercare.events;

import java.time.LocalDate;
import java.util.UUID;

/**
 * Subsidy left the wallet for good, with the wallet's balances after it. {@code reason}: {@code ANNIVERSARY} (黄陂:
 * 在周年对应日清零, what was available before the day), or {@code RELEASED_AFTER_RESET} / {@code RELEASED_AFTER_CLEARING}
 * (held money of order {@code orderId} came back after its month was reset or its year cleared, so it expires
 * instead of returning to the balance); {@code orderId} is null for an anniversary.
 */
@EventType(name = "SubsidyExpired", version = 2, aggregateType = "Elder")
public record SubsidyExpired(UUID walletId, UUID elderId, LocalDate on, long expiredFen, String reason, UUID orderId,
        long availableFen, long heldFen) implements DomainEvent {

    @Override
    public String aggregateId() {
        return elderId.toString();
    }
}
