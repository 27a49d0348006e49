package io.eldercare.events;

import java.time.LocalDate;
import java.util.UUID;

/** A provider's contract ends within the alert window: time to re-tender (期满重新招标采购). */
@EventType(name = "ContractExpiring", version = 1, aggregateType = "Provider")
public record ContractExpiring(UUID providerId, UUID contractId, LocalDate endsOn, int daysLeft)
        implements DomainEvent {

    @Override
    public String aggregateId() {
        return providerId.toString();
    }
}
