package io.eldercare.events;

import java.util.Objects;
import java.util.function.UnaryOperator;
import tools.jackson.databind.JsonNode;

/**
 * Teaches the codec a version it has no record for: rewrites a payload of {@link #from()} into one of {@link #to()},
 * which is registered or has an upcaster of its own. A consumer can then read a newer producer's events (or an old
 * shape) without a new record class.
 */
public interface EventUpcaster {

    /** The type and version this upcaster reads. */
    EventCodec.TypeKey from();

    /** The type and version its output fits. */
    EventCodec.TypeKey to();

    /** The payload rewritten to fit {@link #to()}; gets a copy, so it may change its argument. */
    JsonNode upcast(JsonNode payload);

    static EventUpcaster of(EventCodec.TypeKey from, EventCodec.TypeKey to, UnaryOperator<JsonNode> transform) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(transform, "transform");
        return new EventUpcaster() {
            @Override
            public EventCodec.TypeKey from() {
                return from;
            }

            @Override
            public EventCodec.TypeKey to() {
                return to;
            }

            @Override
            public JsonNode upcast(JsonNode payload) {
                return transform.apply(payload);
            }

            @Override
            public String toString() {
                return "upcaster " + from + " -> " + to;
            }
        };
    }
}
