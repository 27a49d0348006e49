package io.eldercare.events;

import java.time.YearMonth;
import java.util.UUID;

/**
 * A month's allowance was credited; {@code expiredFen} is what the monthly reset removed first (0 when the pack
 * carries money over), with the wallet's balances after it.
 */
@EventType(name = "SubsidyCredited", version = 2, aggregateType = "Elder")
public record SubsidyCredited(UUID walletId, UUID elderId, YearMonth month, long amountFen, long expiredFen,
        long availableFen, long heldFen) implements DomainEvent {

    @Override
    public String aggregateId() {
        return elderId.toString();
    }
}
