package io.eldercare.platform.messaging;

import java.util.List;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;

/** The service's listener containers, one per subscribed topic, started and stopped together. */
public class EventListeners implements SmartLifecycle {

    private final List<ConcurrentMessageListenerContainer<String, String>> containers;

    public EventListeners(List<ConcurrentMessageListenerContainer<String, String>> containers) {
        this.containers = List.copyOf(containers);
    }

    /** The containers, by topic order of the subscriptions. */
    public List<ConcurrentMessageListenerContainer<String, String>> containers() {
        return containers;
    }

    @Override
    public void start() {
        containers.forEach(ConcurrentMessageListenerContainer::start);
    }

    @Override
    public void stop() {
        containers.forEach(ConcurrentMessageListenerContainer::stop);
    }

    @Override
    public boolean isRunning() {
        return containers.stream().anyMatch(ConcurrentMessageListenerContainer::isRunning);
    }

    /** Late, like Spring Kafka's own containers: after the database and the outbox are ready. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 100;
    }
}
