package io.eldercare.platform.messaging;

import io.eldercare.events.DomainEvent;
import io.eldercare.events.EventEnvelope;
import java.util.Set;

/**
 * A service's reaction to the events it subscribes to. Called inside the transaction that also records the delivery
 * in the inbox, at most once per event. A handler names the logical types it acts on: the dispatcher skips types no
 * handler names, and parks (dead-letters) a named type at a version this build cannot read, instead of losing it.
 */
public interface DomainEventHandler {

    /** The logical event types ({@code WorkOrderCompleted}, …) this handler acts on, whatever their version. */
    Set<String> handles();

    void on(DomainEvent event, EventEnvelope envelope);
}
