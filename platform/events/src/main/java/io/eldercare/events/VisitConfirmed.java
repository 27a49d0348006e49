package io.eldercare.events;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/**
 * The elder confirmed the visit themself ({@code method}: KIOSK_FACE, WEBAUTHN or WITNESSED_SIGNATURE). A witnessed
 * signature is not trusted until the call centre has called the elder back: the feedback service opens that callback
 * from this event (the pack of {@code policyCode} on {@code serviceDate} gives its region and deadline), and the visit
 * is completed, so paid, only when the callback confirms it (CallbackCompleted).
 */
@EventType(name = "VisitConfirmed", version = 1, aggregateType = "Elder")
public record VisitConfirmed(UUID orderId, UUID elderId, UUID providerId, String itemCode, String policyCode,
        LocalDate serviceDate, String method, Instant confirmedAt) implements DomainEvent {

    @Override
    public String aggregateId() {
        return elderId.toString();
    }
}
