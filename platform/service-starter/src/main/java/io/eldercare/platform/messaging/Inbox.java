package io.eldercare.platform.messaging;

import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** Idempotent consumption: the first insert of {@code (consumer, eventId)} wins, in the handler's transaction. */
public class Inbox {

    private final JdbcClient jdbc;

    public Inbox(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** True when this is the first delivery of the event to this consumer; the row commits with the effect. */
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean firstDelivery(String consumer, UUID eventId, String eventType) {
        return jdbc.sql("""
                INSERT INTO inbox_event (consumer, event_id, event_type) VALUES (?, ?, ?)
                ON CONFLICT (consumer, event_id) DO NOTHING""")
                .params(consumer, eventId, eventType)
                .update() == 1;
    }
}
