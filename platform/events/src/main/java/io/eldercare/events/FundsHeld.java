package io.eldercare.events;

import java.time.LocalDate;
import java.util.UUID;

/**
 * An order's subsidy part was held (AVAILABLE → HELD) and its self-paid part fixed, with the wallet's balances after
 * it: every ledger transaction is an event, so auditors rebuild every balance from the log.
 */
@EventType(name = "FundsHeld", version = 1, aggregateType = "Elder")
public record FundsHeld(UUID walletId, UUID elderId, UUID orderId, LocalDate serviceDate, long listAmountFen,
        long discountFen, long subsidyFen, long selfPayFen, long availableFen, long heldFen) implements DomainEvent {

    @Override
    public String aggregateId() {
        return elderId.toString();
    }
}
