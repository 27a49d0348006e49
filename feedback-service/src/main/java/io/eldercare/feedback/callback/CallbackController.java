package io.eldercare.feedback.callback;

import io.eldercare.platform.security.Actor;
import io.eldercare.platform.security.Role;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The call centre's callback list, bounded by the caller's region. */
@RestController
public class CallbackController {

    private final JdbcClient jdbc;

    CallbackController(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * A callback to make; {@code flag} WITNESSED_SIGNATURE: the elder confirmed by a signature the caregiver witnessed,
     * so the call must establish that the visit took place.
     */
    public record CallbackView(UUID orderId, UUID elderId, UUID providerId, String itemCode, Instant completedAt,
            Instant dueAt, String status, String flag) {
    }

    /**
     * Callbacks of an order, or all open ones, flagged first, then soonest due; the caller's region's only (an order of another
     * region has none for them: an empty list, as for an order without a callback). A callback from before regions
     * were kept has none and is shown as before, by the rule of {@link Actor#inRegion}.
     */
    @GetMapping("/callbacks")
    public List<CallbackView> callbacks(@RequestParam(required = false) UUID orderId) {
        Actor actor = Actor.current().require(Role.OPERATOR, Role.DISTRICT_ADMIN, Role.AUDITOR);
        return jdbc.sql("""
                SELECT order_id, elder_id, provider_id, item_code, completed_at, due_at, status, flag FROM callback
                WHERE ((CAST(:order AS uuid) IS NULL AND status = 'OPEN') OR order_id = :order)
                  AND (CAST(:region AS varchar) IS NULL OR region IS NULL OR region = :region)
                ORDER BY flag IS NULL, due_at LIMIT 500""")
                .param("order", orderId).param("region", actor.boundingRegion())
                .query((rs, n) -> new CallbackView(rs.getObject("order_id", UUID.class),
                        rs.getObject("elder_id", UUID.class), rs.getObject("provider_id", UUID.class),
                        rs.getString("item_code"), rs.getTimestamp("completed_at").toInstant(),
                        rs.getTimestamp("due_at").toInstant(), rs.getString("status"), rs.getString("flag")))
                .list();
    }
}
