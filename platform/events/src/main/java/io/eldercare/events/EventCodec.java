package io.eldercare.events;

import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads and writes envelopes and payloads; the registry of types is the sealed {@link DomainEvent} hierarchy, and
 * {@link EventUpcaster}s teach it versions that have no record of their own.
 */
public final class EventCodec {

    /** A logical type and schema version. */
    public record TypeKey(String name, int version) {
        @Override
        public String toString() {
            return name + ".v" + version;
        }
    }

    private static final Map<TypeKey, Class<? extends DomainEvent>> TYPES = Arrays
            .stream(DomainEvent.class.getPermittedSubclasses())
            .map(EventCodec::asEventClass)
            .collect(Collectors.toUnmodifiableMap(EventCodec::keyOf, Function.identity()));

    private final JsonMapper mapper = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();

    private final List<EventUpcaster> upcasters;

    /** A codec that reads only the registered records. */
    public EventCodec() {
        this(List.of());
    }

    /** A codec that also reads what the upcasters turn into a registered record. */
    public EventCodec(List<? extends EventUpcaster> upcasters) {
        this.upcasters = List.copyOf(upcasters);
    }

    /** Every registered type and version. */
    public static Map<TypeKey, Class<? extends DomainEvent>> registeredTypes() {
        return TYPES;
    }

    public static TypeKey keyOf(Class<? extends DomainEvent> eventClass) {
        EventType type = eventClass.getAnnotation(EventType.class);
        if (type == null) {
            throw new IllegalStateException(eventClass.getName() + " lacks @EventType");
        }
        return new TypeKey(type.name(), type.version());
    }

    public static String aggregateTypeOf(Class<? extends DomainEvent> eventClass) {
        return eventClass.getAnnotation(EventType.class).aggregateType();
    }

    /** Wraps a payload in an envelope; the sequence is assigned by the outbox. */
    public EventEnvelope envelope(DomainEvent payload, long sequence, String producer, String traceId,
            OffsetDateTime occurredAt) {
        TypeKey key = keyOf(payload.getClass());
        return new EventEnvelope(UUID.randomUUID(), key.name(), key.version(), occurredAt,
                aggregateTypeOf(payload.getClass()), payload.aggregateId(), sequence, producer, traceId,
                mapper.valueToTree(payload));
    }

    public String write(EventEnvelope envelope) {
        return mapper.writeValueAsString(envelope);
    }

    public String writePayload(DomainEvent payload) {
        return mapper.writeValueAsString(payload);
    }

    /** Reads an envelope, or throws {@link MalformedEventException}. */
    public EventEnvelope read(String json) {
        try {
            EventEnvelope envelope = mapper.readValue(json, EventEnvelope.class);
            if (envelope == null || envelope.eventId() == null || envelope.type() == null
                    || envelope.payload() == null) {
                throw new MalformedEventException("envelope lacks eventId, type or payload", null);
            }
            return envelope;
        } catch (JacksonException e) {
            throw new MalformedEventException("not an event envelope: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * The payload as its registered record, directly or through a chain of upcasters; empty when this build cannot
     * read the type or version (a newer producer), so the caller decides whether to skip it or park it.
     */
    public Optional<DomainEvent> payload(EventEnvelope envelope) {
        TypeKey key = new TypeKey(envelope.type(), envelope.version());
        JsonNode payload = envelope.payload();
        Set<TypeKey> seen = new HashSet<>();
        while (!TYPES.containsKey(key)) {
            if (!seen.add(key)) {
                throw new IllegalStateException("upcasters loop at " + key);
            }
            Optional<EventUpcaster> upcaster = upcasterFrom(key);
            if (upcaster.isEmpty()) {
                return Optional.empty();
            }
            payload = upcaster.get().upcast(payload.deepCopy());
            key = upcaster.get().to();
        }
        return Optional.of(readPayload(payload, TYPES.get(key)));
    }

    // A service has a handful at most: a search at each read, rather than an index built once, lets an upcaster
    // learn its version late (the backbone test switches one on).
    private Optional<EventUpcaster> upcasterFrom(TypeKey key) {
        return upcasters.stream().filter(upcaster -> key.equals(upcaster.from())).findFirst();
    }

    public <T extends DomainEvent> T readPayload(JsonNode payload, Class<T> type) {
        try {
            return mapper.treeToValue(payload, type);
        } catch (JacksonException e) {
            throw new MalformedEventException("payload does not fit " + keyOf(type) + ": "
                    + e.getOriginalMessage(), e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Class<? extends DomainEvent> asEventClass(Class<?> type) {
        return (Class<? extends DomainEvent>) type;
    }
}
