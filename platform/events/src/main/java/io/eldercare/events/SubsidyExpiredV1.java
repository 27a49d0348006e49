package io.eldercare.events;

import java.time.LocalDate;
import java.util.UUID;

/** Version 1 of an expiry, without the order or the balances after it; superseded by v2. */
@EventType(name = "SubsidyExpired", version = 1, aggregateType = "Elder")
public record SubsidyExpiredV1(UUID walletId, UUID elderId, LocalDate on, long expiredFen, String reason)
        implements DomainEvent {

    @Override
    public String aggregateId() {
        return elderId.toString();
    }
}
