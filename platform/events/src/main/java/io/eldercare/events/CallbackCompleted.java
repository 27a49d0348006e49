package io.eldercare.events;

import java.time.Instant;
import java.util.UUID;

/**
 * The call centre reached the elder after a visit ({@code outcome}: VISIT_CONFIRMED, the elder says the visit took
 * place; VISIT_DENIED, the elder says it did not). {@code flag} WITNESSED_SIGNATURE: the visit was confirmed by a
 * signature the caregiver witnessed and waits for this call to be paid or not; NONE for an ordinary callback.
 */
@EventType(name = "CallbackCompleted", version = 1, aggregateType = "Elder")
public record CallbackCompleted(UUID orderId, UUID elderId, UUID providerId, String outcome, String flag,
        Instant completedAt) implements DomainEvent {

    @Override
    public String aggregateId() {
        return elderId.toString();
    }
}
