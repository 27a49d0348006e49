package io.eldercare.workorder.dispatch;

import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Tells caregivers' live lists that a visit was offered to one of them or taken back: PostgreSQL's NOTIFY, in the
 * transaction that makes the change, so only what commits is announced, to every instance (each passes it on to the
 * streams it holds, see {@code web.AssignmentStream}).
 */
@Component
public class AssignmentNotices {

    /** The channel the notices go out on. */
    public static final String CHANNEL = "visit_assignments";

    private final JdbcClient jdbc;

    AssignmentNotices(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Announces, in the caller's transaction, that a visit was offered to a caregiver or taken back from her. */
    public void announce(UUID caregiver, UUID orderId, String change) {
        jdbc.sql("SELECT pg_notify(?, ?)").params(CHANNEL, caregiver + " " + orderId + " " + change)
                .query((rs, n) -> 1).list();
    }
}
