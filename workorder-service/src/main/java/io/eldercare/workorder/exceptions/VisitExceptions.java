package io.eldercare.workorder.exceptions;

import io.eldercare.events.VisitExceptionRaised;
import io.eldercare.platform.domain.Refusal;
import io.eldercare.platform.messaging.Outbox;
import io.eldercare.workorder.elder.Geofence;
import io.eldercare.workorder.elder.Homes;
import io.eldercare.workorder.order.WorkOrder;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The exceptions queue of electronic visit verification: what is found wrong with a visit at the door, each with a
 * reason code, raised once per visit and reason, announced (VisitExceptionRaised, ids only), explained by the provider
 * and resolved by the bureau with a resolution code. A visit with an exception not resolved is not completed, so not
 * paid. Checks run in the transaction of the check-in or check-out that reveals them.
 */
@Component
public class VisitExceptions {

    /** Why a visit needs explaining. */
    public enum Reason {
        /** Checked out away from the home (the check-in itself is refused outside the geofence). */
        OUTSIDE_GEOFENCE,
        /** Checked in hours ago and never checked out. */
        MISSING_CHECK_OUT,
        /** The caregiver was checked in at another visit at the same time. */
        OVERLAPPING_VISITS,
        /** An hourly visit far shorter than was ordered. */
        DURATION_OFF_NORM,
        /** A door photo already sent for another visit (or the check-in's again at the check-out). */
        PHOTO_REUSED,
        /** Too far from the caregiver's previous visit for the time between them. */
        IMPOSSIBLE_TRAVEL,
        /** The elder is recorded as in hospital or away that day. */
        ELDER_AWAY,
        /**
         * The elder could use neither face nor fingerprint and signed, witnessed by the caregiver: the call centre's
         * callback decides it (the elder confirms: it stands; denies: not paid), or the bureau does.
         */
        WITNESSED_SIGNATURE
    }

    /** How the bureau decides an exception. */
    public enum Resolution {
        /** The explanation is accepted: the visit is paid once nothing else about it is open. */
        VISIT_STANDS,
        /** The visit is not paid: the order is cancelled and its hold released. */
        VISIT_NOT_PAID
    }

    /** An exception as the queue shows it. */
    public record VisitException(UUID id, UUID orderId, UUID providerId, UUID caregiverId, String reason,
            String detail, String status, Instant raisedAt, String explanation, Instant explainedAt,
            String resolution, String resolutionNote, Instant resolvedAt) {
    }

    private final JdbcClient jdbc;
    private final Outbox outbox;
    private final Clock clock;
    private final Homes homes;
    private final double maxTravelMetresPerMinute;
    private final Duration missingCheckOutAfter;

    VisitExceptions(JdbcClient jdbc, Outbox outbox, Clock clock, Homes homes,
            @Value("${eldercare.visits.max-travel-kmh:60}") double maxTravelKmh,
            @Value("${eldercare.visits.missing-check-out-after:4h}") Duration missingCheckOutAfter) {
        this.jdbc = jdbc;
        this.outbox = outbox;
        this.clock = clock;
        this.homes = homes;
        this.maxTravelMetresPerMinute = maxTravelKmh * 1000 / 60;
        this.missingCheckOutAfter = missingCheckOutAfter;
    }

    /** What the check-in reveals: a reused photo, another visit still open, impossible travel, an absent elder. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void atCheckIn(WorkOrder order, String photo, String region) {
        photoSeenElsewhere(order, photo).ifPresent(other -> raise(order, Reason.PHOTO_REUSED,
                "the check-in photo " + photo.substring(0, 12) + "… was also sent for order " + other, region));
        jdbc.sql("""
                SELECT w.id FROM work_order w JOIN visit v ON v.order_id = w.id
                WHERE v.caregiver_id = ? AND w.id <> ? AND w.status = 'CHECKED_IN'
                ORDER BY v.checked_in_at LIMIT 1""").params(order.caregiverId(), order.id()).query(UUID.class)
                .optional().ifPresent(other -> raise(order, Reason.OVERLAPPING_VISITS,
                        "the caregiver is still checked in at order " + other, region));
        travelFromPreviousVisit(order, region);
        jdbc.sql("""
                SELECT kind || ' ' || from_date || '..' || to_date FROM elder_absence
                WHERE elder_id = ? AND ? BETWEEN from_date AND to_date ORDER BY recorded_at DESC LIMIT 1""")
                .params(order.elderId(), order.serviceDate()).query(String.class).optional()
                .ifPresent(absence -> raise(order, Reason.ELDER_AWAY, "the elder is recorded " + absence
                        + " (" + order.serviceDate() + ")", region));
    }

    /**
     * What the check-out reveals: a position outside the geofence ({@code outsideBy} metres beyond it, else null), a
     * reused photo, an hourly visit under half of what was ordered.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void atCheckOut(WorkOrder order, String photo, Integer metres, Integer radius, String region) {
        if (metres != null && radius != null && metres > radius) {
            raise(order, Reason.OUTSIDE_GEOFENCE, "checked out " + metres + " m from the home (geofence "
                    + radius + " m)", region);
        }
        if (photo.equals(order.checkInPhoto())) {
            raise(order, Reason.PHOTO_REUSED, "the check-out photo is the check-in photo", region);
        } else {
            photoSeenElsewhere(order, photo).ifPresent(other -> raise(order, Reason.PHOTO_REUSED,
                    "the check-out photo " + photo.substring(0, 12) + "… was also sent for order " + other, region));
        }
        long ordered = "PER_HOUR".equals(order.unit()) ? order.orderedMinutes() : 0;
        if (ordered > 0 && order.verifiedMinutes() * 2 < ordered) {
            raise(order, Reason.DURATION_OFF_NORM, "visited " + order.verifiedMinutes() + " minutes of the "
                    + ordered + " ordered", region);
        }
    }

    /** Visits checked in longer ago than they could last and not checked out: each raised once. Returns how many. */
    @Transactional
    public int raiseMissingCheckOuts(Function<String, String> regionOfPolicy) {
        Instant now = clock.instant();
        List<UUID> open = jdbc.sql("""
                SELECT w.id FROM work_order w JOIN visit v ON v.order_id = w.id WHERE w.status = 'CHECKED_IN'
                  AND v.checked_in_at < CAST(? AS timestamptz)
                        - (CASE WHEN w.unit = 'PER_HOUR' THEN w.quantity * 60 ELSE 0 END) * INTERVAL '1 minute'
                  AND NOT EXISTS (SELECT 1 FROM visit_exception e WHERE e.order_id = w.id
                                  AND e.reason = 'MISSING_CHECK_OUT')
                ORDER BY v.checked_in_at LIMIT 500""")
                .param(Timestamp.from(now.minus(missingCheckOutAfter))).query(UUID.class).list();
        int raised = 0;
        for (UUID id : open) {
            record Open(UUID elder, UUID provider, UUID caregiver, String policy, Instant in) {
            }
            // the row is taken, as a check-out takes it: a visit checked out meanwhile is not raised
            Optional<Open> still = jdbc.sql("""
                    SELECT w.elder_id, w.provider_id, v.caregiver_id, w.policy_code, v.checked_in_at
                    FROM work_order w JOIN visit v ON v.order_id = w.id
                    WHERE w.id = ? AND w.status = 'CHECKED_IN' FOR UPDATE OF w""").param(id)
                    .query((rs, n) -> new Open(rs.getObject(1, UUID.class),
                            rs.getObject(2, UUID.class), rs.getObject(3, UUID.class), rs.getString(4),
                            rs.getTimestamp(5).toInstant())).optional();
            if (still.isEmpty()) {
                continue;
            }
            Open o = still.get();
            raised++;
            insert(id, o.elder(), o.provider(), o.caregiver(), Reason.MISSING_CHECK_OUT,
                    "checked in at " + o.in() + " and not checked out", regionOfPolicy.apply(o.policy()));
        }
        return raised;
    }

    /** Whether anything found about the visit is still to be resolved. */
    public boolean anyUnresolved(UUID orderId) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM visit_exception WHERE order_id = ? AND status <> 'RESOLVED')")
                .param(orderId).query(Boolean.class).single();
    }

    /** Records that a visit needs explaining, once per visit and reason, and announces it. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void raise(WorkOrder order, Reason reason, String detail, String region) {
        insert(order.id(), order.elderId(), order.providerId(), order.caregiverId(), reason, detail, region);
    }

    private void insert(UUID orderId, UUID elderId, UUID providerId, UUID caregiverId, Reason reason, String detail,
            String region) {
        UUID id = UUID.randomUUID();
        Instant now = clock.instant();
        int inserted = jdbc.sql("""
                INSERT INTO visit_exception (id, order_id, provider_id, caregiver_id, region, reason, detail, status,
                                             raised_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, 'OPEN', ?) ON CONFLICT (order_id, reason) DO NOTHING""")
                .params(id, orderId, providerId, caregiverId, region, reason.name(),
                        detail.length() > 300 ? detail.substring(0, 300) : detail, Timestamp.from(now))
                .update();
        if (inserted == 1) {
            outbox.publish(new VisitExceptionRaised(id, orderId, elderId, providerId, reason.name(), now));
        }
    }

    private Optional<UUID> photoSeenElsewhere(WorkOrder order, String photo) {
        return jdbc.sql("""
                SELECT order_id FROM visit WHERE order_id <> ? AND (check_in_photo = ? OR check_out_photo = ?)
                LIMIT 1""")
                .params(order.id(), photo, photo).query(UUID.class).optional();
    }

    /**
     * From the home of the caregiver's last visit checked out before this check-in to this home: more than a
     * kilometre at more than {@code max-travel-kmh} (60 km/h) between the two is not a journey anyone made.
     */
    private void travelFromPreviousVisit(WorkOrder order, String region) {
        record Previous(UUID order, UUID elder, Instant out) {
        }
        Optional<Previous> previous = jdbc.sql("""
                SELECT w.id, w.elder_id, v.checked_out_at FROM visit v JOIN work_order w ON w.id = v.order_id
                WHERE v.caregiver_id = ? AND w.id <> ? AND v.checked_out_at IS NOT NULL AND v.checked_out_at <= ?
                ORDER BY v.checked_out_at DESC LIMIT 1""")
                .params(order.caregiverId(), order.id(), Timestamp.from(order.checkedInAt()))
                .query((rs, n) -> new Previous(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
                        rs.getTimestamp(3).toInstant())).optional();
        if (previous.isEmpty() || previous.get().elder().equals(order.elderId())) {
            return;
        }
        Optional<Geofence.Point> from = homes.home(previous.get().elder());
        Optional<Geofence.Point> to = homes.home(order.elderId());
        if (from.isEmpty() || to.isEmpty()) {
            return;
        }
        double metres = Geofence.metresBetween(from.get(), to.get());
        double minutes = Math.max(1, Duration.between(previous.get().out(), order.checkedInAt()).toSeconds() / 60.0);
        if (metres > 1000 && metres / minutes > maxTravelMetresPerMinute) {
            raise(order, Reason.IMPOSSIBLE_TRAVEL, Math.round(metres / 100) / 10.0 + " km from the home of order "
                    + previous.get().order() + " in " + Math.round(minutes) + " minutes", region);
        }
    }

    /** The queue: exceptions in a status (null: not resolved yet), of one provider or of all in a region. */
    public List<VisitException> list(String status, UUID providerId, String region) {
        return jdbc.sql("""
                SELECT * FROM visit_exception
                WHERE (CAST(:status AS varchar) IS NULL AND status <> 'RESOLVED' OR status = :status)
                  AND (CAST(:provider AS uuid) IS NULL OR provider_id = :provider)
                  AND (CAST(:region AS varchar) IS NULL OR region = :region)
                ORDER BY raised_at LIMIT 500""")
                .param("status", status).param("provider", providerId).param("region", region)
                .query((rs, n) -> view(rs)).list();
    }

    public VisitException find(UUID id) {
        return jdbc.sql("SELECT * FROM visit_exception WHERE id = ?").param(id).query((rs, n) -> view(rs))
                .optional().orElseThrow(() -> Refusal.notFound("Visit exception", id));
    }

    /** The provider's account of what happened; may be given again until the bureau decides. */
    @Transactional
    public VisitException explain(UUID id, String explanation, String by) {
        int changed = jdbc.sql("""
                UPDATE visit_exception SET status = 'EXPLAINED', explanation = ?, explained_by = ?, explained_at = ?
                WHERE id = ? AND status <> 'RESOLVED'""")
                .params(explanation, by, Timestamp.from(clock.instant()), id).update();
        if (changed == 0) {
            throw resolvedAlready(id);
        }
        return find(id);
    }

    /** Marks an exception resolved; false when it already was (decided once). */
    @Transactional(propagation = Propagation.MANDATORY)
    boolean markResolved(UUID id, Resolution resolution, String note, String by) {
        return jdbc.sql("""
                UPDATE visit_exception SET status = 'RESOLVED', resolution = ?, resolution_note = ?, resolved_by = ?,
                       resolved_at = ?
                WHERE id = ? AND status <> 'RESOLVED'""")
                .params(resolution.name(), note, by, Timestamp.from(clock.instant()), id).update() == 1;
    }

    /**
     * Adds what was learnt afterwards to the note of a visit's exception the bureau already resolved; false when
     * there is none.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    boolean addToDecided(UUID orderId, Reason reason, String note) {
        return jdbc.sql("""
                UPDATE visit_exception
                SET resolution_note = left(COALESCE(resolution_note || '; ', '') || ?, 500)
                WHERE order_id = ? AND reason = ? AND status = 'RESOLVED'""")
                .params(note, orderId, reason.name()).update() == 1;
    }

    /** The exceptions of a visit not resolved yet. */
    List<VisitException> unresolvedOf(UUID orderId) {
        return jdbc.sql("SELECT * FROM visit_exception WHERE order_id = ? AND status <> 'RESOLVED' FOR UPDATE")
                .param(orderId).query((rs, n) -> view(rs)).list();
    }

    static Refusal resolvedAlready(UUID id) {
        return Refusal.conflict("exception-resolved", "Already decided",
                "Visit exception " + id + " was resolved by the bureau; it is not changed afterwards.");
    }

    /** Per provider, by reason: how many were raised in a month, are still open, stood and were not paid. */
    public record Count(UUID providerId, String reason, long raised, long unresolved, long stood, long notPaid) {
    }

    public List<Count> counts(LocalDate from, LocalDate until, UUID providerId, String region) {
        return jdbc.sql("""
                SELECT provider_id, reason, count(*) AS raised,
                       count(*) FILTER (WHERE status <> 'RESOLVED') AS unresolved,
                       count(*) FILTER (WHERE resolution = 'VISIT_STANDS') AS stood,
                       count(*) FILTER (WHERE resolution = 'VISIT_NOT_PAID') AS not_paid
                FROM visit_exception
                WHERE raised_at >= (CAST(:from AS date) AT TIME ZONE 'Asia/Shanghai')
                  AND raised_at < (CAST(:until AS date) AT TIME ZONE 'Asia/Shanghai')
                  AND (CAST(:provider AS uuid) IS NULL OR provider_id = :provider)
                  AND (CAST(:region AS varchar) IS NULL OR region = :region)
                GROUP BY provider_id, reason ORDER BY provider_id, reason""")
                .param("from", from).param("until", until).param("provider", providerId).param("region", region)
                .query((rs, n) -> new Count(rs.getObject("provider_id", UUID.class), rs.getString("reason"),
                        rs.getLong("raised"), rs.getLong("unresolved"), rs.getLong("stood"), rs.getLong("not_paid")))
                .list();
    }

    private static VisitException view(ResultSet rs) throws SQLException {
        return new VisitException(rs.getObject("id", UUID.class), rs.getObject("order_id", UUID.class),
                rs.getObject("provider_id", UUID.class), rs.getObject("caregiver_id", UUID.class),
                rs.getString("reason"), rs.getString("detail"), rs.getString("status"),
                rs.getTimestamp("raised_at").toInstant(), rs.getString("explanation"),
                instant(rs.getTimestamp("explained_at")), rs.getString("resolution"), rs.getString("resolution_note"),
                instant(rs.getTimestamp("resolved_at")));
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
