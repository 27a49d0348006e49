package io.eldercare.events;

import java.time.LocalDate;
import java.util.UUID;

/** A provider's contract stops on {@code endedOn}: it ran out, or the bureau ended it early. */
@EventType(name = "ContractEnded", version = 1, aggregateType = "Provider")
public record ContractEnded(UUID providerId, UUID contractId, LocalDate endedOn, String reason)
        implements DomainEvent {

    @Override
    public String aggregateId() {
        return providerId.toString();
    }
}
