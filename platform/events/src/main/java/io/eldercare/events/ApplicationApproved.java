package io.eldercare.events;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/** An elder's application passed the review chain: the elder is entitled to services from {@code serviceStart}. */
@EventType(name = "ApplicationApproved", version = 1, aggregateType = "Elder")
public record ApplicationApproved(UUID applicationId, UUID elderId, String policyCode, String category,
        String communityCode, LocalDate serviceStart, Instant approvedAt) implements DomainEvent {

    @Override
    public String aggregateId() {
        return elderId.toString();
    }
}
