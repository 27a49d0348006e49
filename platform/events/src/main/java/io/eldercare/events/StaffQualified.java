package io.eldercare.events;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * A provider's staff member may be dispatched for the listed items until {@code qualifiedUntil} (the first of their
 * health certificate's and professional certificates' expiry), as of {@code asOf}.
 */
@EventType(name = "StaffQualified", version = 1, aggregateType = "Staff")
public record StaffQualified(UUID staffId, UUID providerId, String profession, String policyCode,
        List<String> itemCodes, LocalDate asOf, LocalDate qualifiedUntil) implements DomainEvent {

    @Override
    public String aggregateId() {
        return staffId.toString();
    }
}
