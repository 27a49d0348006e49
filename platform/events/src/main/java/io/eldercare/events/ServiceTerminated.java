package io.eldercare.events;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/**
 * An approved elder's subsidised service ends on {@code terminatedOn} (the first day not served): the elder died,
 * moved away, entered an institution, no longer qualifies, or withdrew ({@code reason}, a code). The wallet closes
 * (its balance expires under the pack's reset-on-termination rule); dispatch takes no order from that day and cancels
 * those already placed for it.
 */
@EventType(name = "ServiceTerminated", version = 1, aggregateType = "Elder")
public record ServiceTerminated(UUID applicationId, UUID elderId, String policyCode, LocalDate terminatedOn,
        String reason, Instant terminatedAt) implements DomainEvent {

    @Override
    public String aggregateId() {
        return elderId.toString();
    }
}
