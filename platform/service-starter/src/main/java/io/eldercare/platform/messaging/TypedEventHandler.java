package io.eldercare.platform.messaging;

import io.eldercare.events.DomainEvent;
import io.eldercare.events.EventCodec;
import io.eldercare.events.EventEnvelope;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * A {@link DomainEventHandler} that registers one method per event record, in its constructor:
 * {@code on(FundsHeld.class, this::fundsHeld)}. {@link #handles()} is derived from each registered record's
 * {@code @EventType} name, so the list of types and the dispatch cannot drift apart. Each version is its own record
 * ({@code FundsCaptured}, {@code FundsCapturedV1}): register every version the handler reads; an event of a handled
 * type in a version with no registration is ignored, as a type the handler does not act on. A record without
 * {@code @EventType}, or one registered twice, fails the service at start.
 */
public abstract class TypedEventHandler implements DomainEventHandler {

    private final Map<Class<? extends DomainEvent>, BiConsumer<DomainEvent, EventEnvelope>> registry =
            new LinkedHashMap<>();
    private final Set<String> types = new LinkedHashSet<>();
    private final Set<String> handledTypes = Collections.unmodifiableSet(types);

    /** Acts on every event of the record {@code type}. */
    protected final <E extends DomainEvent> void on(Class<E> type, Consumer<? super E> handler) {
        onWithEnvelope(type, (event, envelope) -> handler.accept(event));
    }

    /** Acts on every event of the record {@code type}, with its envelope (event id, sequence, trace id). */
    protected final <E extends DomainEvent> void onWithEnvelope(Class<E> type,
            BiConsumer<? super E, EventEnvelope> handler) {
        // throws for a class without @EventType (the DomainEvent interface itself, a raw or unchecked class)
        String name = EventCodec.keyOf(type).name();
        if (registry.putIfAbsent(type, (event, envelope) -> handler.accept(type.cast(event), envelope)) != null) {
            throw new IllegalStateException(getClass().getSimpleName() + " registers " + type.getSimpleName()
                    + " twice");
        }
        types.add(name);
    }

    @Override
    public final Set<String> handles() {
        return handledTypes;
    }

    @Override
    public final void on(DomainEvent event, EventEnvelope envelope) {
        BiConsumer<DomainEvent, EventEnvelope> handler = registry.get(event.getClass());
        if (handler != null) {
            handler.accept(event, envelope);
        }
    }
}
