package io.eldercare.events;

import java.time.Instant;
import java.util.UUID;

/** A provider may take no new orders until reinstated. */
@EventType(name = "ProviderSuspended", version = 1, aggregateType = "Provider")
public record ProviderSuspended(UUID providerId, String reason, Instant suspendedAt) implements DomainEvent {

    @Override
    public String aggregateId() {
        return providerId.toString();
    }
}
