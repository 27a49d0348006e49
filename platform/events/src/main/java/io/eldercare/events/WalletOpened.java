package io.eldercare.events;

import java.time.LocalDate;
import java.util.UUID;

/** A subsidy wallet was opened for an approved elder under a policy pack. */
@EventType(name = "WalletOpened", version = 1, aggregateType = "Elder")
public record WalletOpened(UUID walletId, UUID elderId, String policyCode, LocalDate anniversary)
        implements DomainEvent {

    @Override
    public String aggregateId() {
        return elderId.toString();
    }
}
