package io.eldercare.feedback.callback;

import io.eldercare.events.CallbackCompleted;
import io.eldercare.platform.domain.Refusal;
import io.eldercare.platform.messaging.Outbox;
import io.eldercare.platform.security.Actor;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The call centre's callbacks (服务回访): listed for the caller's region, and what each call heard. A call that reaches
 * the elder ends the callback with the elder's word on the visit (CallbackCompleted); one nobody answers is counted and
 * the callback stays open.
 */
@Component
class Callbacks {

    /** What a call heard. */
    enum Outcome {
        /** The elder (or family) says the visit took place as recorded. */
        VISIT_CONFIRMED,
        /** The elder says it did not: a visit still waiting for this call is not paid. */
        VISIT_DENIED,
        /** Nobody answered, or the elder could not say: try again. */
        NOT_REACHED
    }

    /**
     * A callback to make or made; {@code flag} WITNESSED_SIGNATURE: the elder confirmed by a signature the caregiver
     * witnessed, so the call must establish that the visit took place (it is paid only then); {@code overdue}: still
     * open after its deadline (黄陂 六(三)1: within 48 hours).
     */
    record CallbackView(UUID orderId, UUID elderId, UUID providerId, String itemCode, Instant completedAt,
            Instant dueAt, String status, String flag, String outcome, int attempts, Instant lastAttemptAt,
            Instant doneAt, boolean overdue) {
    }

    private final JdbcClient jdbc;
    private final Outbox outbox;
    private final Clock clock;

    Callbacks(JdbcClient jdbc, Outbox outbox, Clock clock) {
        this.jdbc = jdbc;
        this.outbox = outbox;
        this.clock = clock;
    }

    /**
     * Callbacks of an order, or all open ones, flagged first, then soonest due; of {@code region} only when not null
     * (a callback from before regions were kept has none and is shown, by the rule of {@link Actor#inRegion}).
     */
    List<CallbackView> list(UUID orderId, boolean overdueOnly, String region) {
        Timestamp now = Timestamp.from(clock.instant());
        return jdbc.sql("""
                SELECT * FROM callback
                WHERE ((CAST(:order AS uuid) IS NULL AND status = 'OPEN') OR order_id = :order)
                  AND (NOT :overdueOnly OR (status = 'OPEN' AND due_at < :now))
                  AND (CAST(:region AS varchar) IS NULL OR region IS NULL OR region = :region)
                ORDER BY flag IS NULL, due_at LIMIT 500""")
                .param("order", orderId).param("overdueOnly", overdueOnly).param("now", now).param("region", region)
                .query((rs, n) -> view(rs, now.toInstant())).list();
    }

    /**
     * Records a call about an order's callback, by the call centre of its region (another region's: 404). A callback
     * ended is not called again (409).
     */
    @Transactional
    CallbackView called(UUID orderId, Outcome outcome, String note, Actor caller) {
        record Row(CallbackView callback, String region) {
        }
        Row row = jdbc.sql("SELECT * FROM callback WHERE order_id = ? FOR UPDATE").param(orderId)
                .query((rs, n) -> new Row(view(rs, clock.instant()), rs.getString("region"))).optional()
                .orElseThrow(() -> Refusal.notFound("Callback of order", orderId));
        // a callback from before regions were kept has none: shown to every region, called by any (Actor#inRegion)
        caller.requireRegion(row.region(), "Callback of order", orderId);
        CallbackView callback = row.callback();
        if (!"OPEN".equals(callback.status())) {
            throw Refusal.conflict("callback-done", "This callback is done",
                    "The elder of order " + orderId + " was reached on " + callback.doneAt() + " ("
                            + callback.outcome() + "); a callback is made once.");
        }
        Timestamp now = Timestamp.from(clock.instant());
        if (outcome == Outcome.NOT_REACHED) {
            jdbc.sql("""
                    UPDATE callback SET attempts = attempts + 1, last_attempt_at = ?, note = COALESCE(?, note)
                    WHERE order_id = ?""").params(now, note, orderId).update();
        } else {
            jdbc.sql("""
                    UPDATE callback SET status = 'DONE', outcome = ?, attempts = attempts + 1, last_attempt_at = ?,
                           done_at = ?, done_by = ?, note = COALESCE(?, note)
                    WHERE order_id = ?""").params(outcome.name(), now, now, caller.subject(), note, orderId).update();
            outbox.publish(new CallbackCompleted(orderId, callback.elderId(), callback.providerId(), outcome.name(),
                    callback.flag() == null ? "NONE" : callback.flag(), now.toInstant()));
        }
        return jdbc.sql("SELECT * FROM callback WHERE order_id = ?").param(orderId)
                .query((rs, n) -> view(rs, clock.instant())).single();
    }

    private static CallbackView view(ResultSet rs, Instant now) throws SQLException {
        Instant due = rs.getTimestamp("due_at").toInstant();
        String status = rs.getString("status");
        return new CallbackView(rs.getObject("order_id", UUID.class), rs.getObject("elder_id", UUID.class),
                rs.getObject("provider_id", UUID.class), rs.getString("item_code"),
                rs.getTimestamp("completed_at").toInstant(), due, status, rs.getString("flag"),
                rs.getString("outcome"), rs.getInt("attempts"), instant(rs.getTimestamp("last_attempt_at")),
                instant(rs.getTimestamp("done_at")), "OPEN".equals(status) && due.isBefore(now));
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
