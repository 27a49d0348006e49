package io.eldercare.workorder.dispatch;

import io.eldercare.events.WorkOrderDeclined;
import io.eldercare.events.WorkOrderDispatched;
import io.eldercare.platform.messaging.Outbox;
import io.eldercare.workorder.elder.Geofence;
import io.eldercare.workorder.elder.Homes;
import io.eldercare.workorder.order.WorkOrder;
import jakarta.persistence.EntityManager;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Matching caregivers to visits (Huangpi 六(二)1: 匹配): the candidates are the provider's staff qualified on the day
 * for the item under the order's pack (the catalog's StaffQualified, copied), not marked unavailable that day, not
 * already offered this order, and below the day's maximum of visits. They are ranked by a distance-equivalent score:
 * the metres from where the caregiver is (the home of her last visit that day; unknown counts as
 * {@code unknown-distance}) to the elder's home, plus {@code metres-per-visit} for each visit she has that day. The
 * best is offered the visit; a decline or an offer left unanswered for {@code offer-timeout} passes it to the next;
 * when nobody is left the order is escalated to the provider's administrator, who may still send anyone qualified.
 *
 * <p>Several instances match at once: each pass takes the waiting orders it works on with {@code FOR UPDATE SKIP
 * LOCKED}, so no order is offered by two instances, and an order changes hands only through its versioned row.
 */
@Component
public class Matching {

    private static final Logger log = LoggerFactory.getLogger(Matching.class);

    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final Outbox outbox;
    private final Clock clock;
    private final Homes elderHomes;
    private final DispatchSettings settings;
    private final EntityManager entities;
    private final AssignmentNotices stream;

    Matching(JdbcClient jdbc, TransactionTemplate transaction, Outbox outbox, Clock clock,
            Homes homes, EntityManager entities, AssignmentNotices stream, DispatchSettings settings) {
        this.jdbc = jdbc;
        this.entities = entities;
        this.stream = stream;
        this.transaction = transaction;
        this.outbox = outbox;
        this.clock = clock;
        this.elderHomes = homes;
        this.settings = settings;
    }

    /** A candidate and her score (lower is better). */
    public record Candidate(UUID staffId, long visitsThatDay, Double metresAway, double score) {
    }

    /**
     * One pass: up to {@code limit} orders waiting for a caregiver (funded, due within the horizon; new ones first),
     * each offered to its best candidate or, with nobody left, escalated. Returns how many were offered.
     */
    public int offerWaiting(int limit) {
        LocalDate today = LocalDate.now(clock);
        // each order in a transaction of its own (its row, then its elder's event sequence): two instances' passes
        // never hold two elders' sequences at once, so they cannot deadlock; an order another instance holds is
        // skipped
        List<UUID> waiting = jdbc.sql("""
                SELECT id FROM work_order
                WHERE status = 'CREATED' AND dispatchable AND funding <> 'PENDING' AND service_date BETWEEN ? AND ?
                ORDER BY escalated_at NULLS FIRST, service_date, created_at
                LIMIT ?""")
                .params(today, today.plusDays(settings.horizonDays()), limit).query(UUID.class).list();
        Map<UUID, Optional<Geofence.Point>> homes = new HashMap<>();
        int offered = 0;
        for (UUID id : waiting) {
            offered += Boolean.TRUE.equals(transaction.execute(status -> locked(id) && offer(id, homes))) ? 1 : 0;
        }
        return offered;
    }

    /** Takes a waiting order's row, unless another instance holds it or it is no longer waiting. */
    private boolean locked(UUID orderId) {
        return jdbc.sql("""
                SELECT id FROM work_order WHERE id = ? AND status = 'CREATED' AND dispatchable
                  AND funding <> 'PENDING'
                FOR UPDATE SKIP LOCKED""").param(orderId).query(UUID.class).optional().isPresent();
    }

    /** Offers one order now (just placed, or given back) in its own transaction; false when nobody can take it. */
    public boolean offerNow(UUID orderId) {
        Boolean offered = transaction.execute(status -> locked(orderId) && offer(orderId, new HashMap<>()));
        return Boolean.TRUE.equals(offered);
    }

    /**
     * Offers the order to the best candidate whose day can be taken: her (caregiver, day) is locked for the rest of
     * this transaction (another instance passes over her meanwhile) and her visits that day are counted again under
     * the lock, so the day's maximum holds however many instances match at once.
     */
    private boolean offer(UUID orderId, Map<UUID, Optional<Geofence.Point>> homes) {
        WorkOrder order = entities.find(WorkOrder.class, orderId);
        Instant now = clock.instant();
        boolean busy = false;
        for (Candidate candidate : candidates(order, homes)) {
            UUID caregiver = candidate.staffId();
            if (!jdbc.sql("SELECT pg_try_advisory_xact_lock(hashtextextended(? || ':' || ?, 0))")
                    .params(caregiver.toString(), order.serviceDate().toString()).query(Boolean.class).single()) {
                busy = true; // another instance is giving her a visit that day: the next, or the next pass
                continue;
            }
            if (visitsThatDay(caregiver, order.serviceDate()) >= settings.maxVisitsPerDay()) {
                continue;
            }
            order.dispatch(caregiver, now);
            entities.flush(); // counted by the next order's candidates in this transaction
            jdbc.sql("UPDATE work_order SET escalated_at = NULL WHERE id = ? AND escalated_at IS NOT NULL")
                    .param(orderId).update();
            recordOffer(orderId, caregiver, now);
            outbox.publish(new WorkOrderDispatched(order.id(), order.elderId(), order.providerId(), caregiver,
                    order.dispatchedAt()));
            stream.announce(caregiver, orderId, "OFFERED");
            return true;
        }
        if (!busy && jdbc.sql("UPDATE work_order SET escalated_at = ? WHERE id = ? AND escalated_at IS NULL")
                .params(Timestamp.from(now), orderId).update() == 1) {
            log.info("order {} escalated to provider {}: no qualified caregiver is left", orderId,
                    order.providerId());
        }
        return false;
    }

    private long visitsThatDay(UUID caregiver, LocalDate day) {
        return jdbc.sql("""
                SELECT count(*) FROM visit v JOIN work_order w ON w.id = v.order_id
                WHERE v.caregiver_id = ? AND w.service_date = ? AND w.status NOT IN ('CANCELLED', 'CREATED')""")
                .params(caregiver, day).query(Long.class).single();
    }

    /** Who could be offered the order, best first. */
    public List<Candidate> candidates(WorkOrder order, Map<UUID, Optional<Geofence.Point>> homes) {
        record Row(UUID staff, long visits, UUID lastElder) {
        }
        List<Row> rows = jdbc.sql("""
                SELECT s.staff_id,
                       (SELECT count(*) FROM visit v JOIN work_order w ON w.id = v.order_id
                        WHERE v.caregiver_id = s.staff_id
                          AND w.service_date = :day AND w.status NOT IN ('CANCELLED', 'CREATED')) AS visits,
                       (SELECT w.elder_id FROM visit v JOIN work_order w ON w.id = v.order_id
                        WHERE v.caregiver_id = s.staff_id AND w.service_date = :day AND v.checked_in_at IS NOT NULL
                        ORDER BY v.checked_in_at DESC LIMIT 1) AS last_elder
                FROM staff_copy s
                WHERE s.provider_id = :provider AND s.policy_code = :policy AND :item = ANY (s.item_codes)
                  AND s.qualified_until >= :day
                  AND NOT EXISTS (SELECT 1 FROM dispatch_offer d WHERE d.order_id = :order
                                    AND d.caregiver_id = s.staff_id)
                  AND NOT EXISTS (SELECT 1 FROM caregiver_unavailable u WHERE u.staff_id = s.staff_id
                                    AND :day BETWEEN u.from_date AND u.to_date)""")
                .param("day", order.serviceDate()).param("provider", order.providerId())
                .param("policy", order.policyCode()).param("item", order.itemCode()).param("order", order.id())
                .query((rs, n) -> new Row(rs.getObject(1, UUID.class), rs.getLong(2), rs.getObject(3, UUID.class)))
                .list();
        Optional<Geofence.Point> home = homes.computeIfAbsent(order.elderId(), elderHomes::home);
        return rows.stream().filter(r -> r.visits() < settings.maxVisitsPerDay()).map(r -> {
            Double metres = null;
            if (r.lastElder() != null && home.isPresent()) {
                metres = homes.computeIfAbsent(r.lastElder(), elderHomes::home)
                        .map(at -> Geofence.metresBetween(at, home.get())).orElse(null);
            }
            double score = (metres == null ? settings.unknownDistance() : metres)
                    + r.visits() * settings.metresPerVisit();
            return new Candidate(r.staff(), r.visits(), metres, score);
        }).sorted(Comparator.comparingDouble(Candidate::score).thenComparing(Candidate::staffId)).toList();
    }

    /**
     * Offers left unanswered longer than {@code offer-timeout} go back (WorkOrderDeclined, "no answer") and on to the
     * next candidate. Returns how many.
     */
    public int expireOffers() {
        Instant now = clock.instant();
        List<UUID> stale = jdbc.sql("""
                SELECT w.id FROM work_order w JOIN visit v ON v.order_id = w.id
                WHERE w.status = 'DISPATCHED' AND v.dispatched_at < ?
                ORDER BY v.dispatched_at LIMIT 200""")
                .param(Timestamp.from(now.minus(settings.offerTimeout()))).query(UUID.class).list();
        int expired = 0;
        for (UUID id : stale) {
            // one order per transaction (its row, then its elder's event sequence), as when offering: no deadlock
            expired += Boolean.TRUE.equals(transaction.execute(status -> {
                if (jdbc.sql("""
                        SELECT w.id FROM work_order w JOIN visit v ON v.order_id = w.id
                        WHERE w.id = ? AND w.status = 'DISPATCHED' AND v.dispatched_at < ?
                        FOR UPDATE OF w SKIP LOCKED""").params(id, Timestamp.from(now.minus(settings.offerTimeout())))
                        .query(UUID.class).optional().isEmpty()) {
                    return false;
                }
                WorkOrder order = entities.find(WorkOrder.class, id);
                if (!order.dispatchedAt().isBefore(now.minus(settings.offerTimeout()))) {
                    return false; // declined and offered again while this pass looked: the new offer has its time
                }
                UUID caregiver = order.caregiverId();
                order.decline(caregiver);
                answered(id, caregiver, "TIMED_OUT", now);
                stream.announce(caregiver, id, "WITHDRAWN");
                outbox.publish(new WorkOrderDeclined(id, order.elderId(), order.providerId(), caregiver,
                        "no answer within " + settings.offerTimeout().toMinutes() + " minutes", now));
                return true;
            })) ? 1 : 0;
        }
        return expired;
    }

    /** An offer made (by matching, or by the provider's administrator by hand: a repeat offer is a new one). */
    void recordOffer(UUID orderId, UUID caregiver, Instant at) {
        jdbc.sql("""
                INSERT INTO dispatch_offer (order_id, caregiver_id, offered_at) VALUES (?, ?, ?)
                ON CONFLICT (order_id, caregiver_id) DO UPDATE SET offered_at = excluded.offered_at, outcome = NULL,
                  answered_at = NULL""")
                .params(orderId, caregiver, Timestamp.from(at)).update();
    }

    /** How an offer ended. */
    void answered(UUID orderId, UUID caregiver, String outcome, Instant at) {
        jdbc.sql("UPDATE dispatch_offer SET outcome = ?, answered_at = ? WHERE order_id = ? AND caregiver_id = ?")
                .params(outcome, Timestamp.from(at), orderId, caregiver).update();
    }
}
