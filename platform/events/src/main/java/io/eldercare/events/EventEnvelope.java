package io.eldercare.events;

import java.time.OffsetDateTime;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * The wire form of every event. {@code sequence} is gapless per aggregate and producer; {@code payload} is read
 * against the record registered for {@code (type, version)}.
 */
public record EventEnvelope(UUID eventId, String type, int version, OffsetDateTime occurredAt, String aggregateType,
        String aggregateId, long sequence, String producer, String traceId, JsonNode payload) {
}
