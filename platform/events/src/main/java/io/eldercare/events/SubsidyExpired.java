package io.eldercare.events;

import java.time.LocalDate;
import java.util.UUID;

/** Unspent subsidy left the wallet under the pack's reset rule (黄陂: 在周年对应日清零). */
@EventType(name = "SubsidyExpired", version = 1, aggregateType = "Elder")
public record SubsidyExpired(UUID walletId, UUID elderId, LocalDate on, long expiredFen, String reason)
        implements DomainEvent {

    @Override
    public String aggregateId() {
        return elderId.toString();
    }
}
