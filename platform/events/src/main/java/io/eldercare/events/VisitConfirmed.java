package io.eldercare.events;

import java.time.Instant;
import java.util.UUID;

/** The elder confirmed the visit themself ({@code method}: KIOSK_FACE, WEBAUTHN or a flagged WITNESSED_SIGNATURE). */
@EventType(name = "VisitConfirmed", version = 1, aggregateType = "Elder")
public record VisitConfirmed(UUID orderId, UUID elderId, UUID providerId, String method, Instant confirmedAt)
        implements DomainEvent {

    @Override
    public String aggregateId() {
        return elderId.toString();
    }
}
