package io.eldercare.platform.messaging;

import io.eldercare.events.DomainEvent;
import io.eldercare.events.EventEnvelope;

/**
 * A service's reaction to events it subscribes to. Called inside the transaction that also records the delivery in
 * the inbox, at most once per event; events it does not care about are simply ignored by its {@code switch}.
 */
public interface DomainEventHandler {

    void on(DomainEvent event, EventEnvelope envelope);
}
