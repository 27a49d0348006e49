package io.eldercare.events;

import java.time.YearMonth;
import java.util.UUID;

/** A month's allowance was credited; {@code expiredFen} is what the reset rule removed first (0 when carried over). */
@EventType(name = "SubsidyCredited", version = 1, aggregateType = "Elder")
public record SubsidyCredited(UUID walletId, UUID elderId, YearMonth month, long amountFen, long expiredFen,
        long availableFen) implements DomainEvent {

    @Override
    public String aggregateId() {
        return elderId.toString();
    }
}
