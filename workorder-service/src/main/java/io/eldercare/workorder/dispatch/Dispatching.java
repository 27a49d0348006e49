package io.eldercare.workorder.dispatch;

import io.eldercare.events.WorkOrderAccepted;
import io.eldercare.events.WorkOrderDeclined;
import io.eldercare.events.WorkOrderDispatched;
import io.eldercare.platform.domain.Refusal;
import io.eldercare.platform.messaging.Outbox;
import io.eldercare.workorder.order.OrderService;
import io.eldercare.workorder.order.WorkOrder;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Who makes the visit: the provider's administrator sends a qualified caregiver by hand, the caregiver it was offered
 * to accepts or gives it back, caregivers mark the days they cannot be sent; what each caregiver has, and what nobody
 * could be found for. Automatic offers are {@link Matching}'s.
 */
@Service
public class Dispatching {

    private final OrderService orders;
    private final Matching matching;
    private final AssignmentNotices stream;
    private final Outbox outbox;
    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final Clock clock;

    Dispatching(OrderService orders, Matching matching, AssignmentNotices stream, Outbox outbox, JdbcClient jdbc,
            TransactionTemplate transaction, Clock clock) {
        this.orders = orders;
        this.matching = matching;
        this.stream = stream;
        this.outbox = outbox;
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.clock = clock;
    }

    /**
     * Offers the visit to one of the provider's caregivers, qualified on the service day for the order's item under
     * its pack (the catalog's StaffQualified facts, copied here); anyone else is refused with the reason.
     */
    public WorkOrder dispatch(UUID orderId, UUID caregiverId) {
        return transaction.execute(status -> {
            WorkOrder order = orders.locked(orderId);
            boolean qualified = jdbc.sql("""
                    SELECT EXISTS (SELECT 1 FROM staff_copy WHERE staff_id = ? AND provider_id = ? AND policy_code = ?
                                     AND ? = ANY (item_codes) AND qualified_until >= ?)""")
                    .params(caregiverId, order.providerId(), order.policyCode(), order.itemCode(),
                            order.serviceDate())
                    .query(Boolean.class).single();
            if (!qualified) {
                throw Refusal.invalid("caregiver-not-qualified", "Caregiver not qualified",
                        "Staff member " + caregiverId + " is not one of provider " + order.providerId()
                                + "'s staff qualified for " + order.itemCode() + " under " + order.policyCode()
                                + " on " + order.serviceDate() + " (certificates on the catalog's staff file).");
            }
            order.dispatch(caregiverId, clock.instant());
            matching.recordOffer(order.id(), caregiverId, order.dispatchedAt());
            jdbc.sql("UPDATE work_order SET escalated_at = NULL WHERE id = ?").param(order.id()).update();
            stream.announce(caregiverId, order.id(), "OFFERED");
            outbox.publish(new WorkOrderDispatched(order.id(), order.elderId(), order.providerId(), caregiverId,
                    order.dispatchedAt()));
            return order;
        });
    }

    /** The caregiver it was offered to takes the visit. */
    public WorkOrder accept(UUID orderId, UUID caregiverId) {
        return transaction.execute(status -> {
            WorkOrder order = orders.locked(orderId);
            order.accept(caregiverId, clock.instant());
            matching.answered(order.id(), caregiverId, "ACCEPTED", order.acceptedAt());
            outbox.publish(new WorkOrderAccepted(order.id(), order.elderId(), order.providerId(), caregiverId,
                    order.acceptedAt()));
            return order;
        });
    }

    /** The caregiver gives the visit back before it began; it waits to be offered to another. */
    public WorkOrder decline(UUID orderId, UUID caregiverId, String reason) {
        return transaction.execute(status -> {
            WorkOrder order = orders.locked(orderId);
            order.decline(caregiverId);
            matching.answered(order.id(), caregiverId, "DECLINED", clock.instant());
            outbox.publish(new WorkOrderDeclined(order.id(), order.elderId(), order.providerId(), caregiverId,
                    reason, clock.instant()));
            return order;
        });
    }

    /** Days a caregiver cannot be sent. */
    public UUID markUnavailable(UUID staffId, LocalDate from, LocalDate to) {
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                INSERT INTO caregiver_unavailable (id, staff_id, from_date, to_date, recorded_at)
                VALUES (?, ?, ?, ?, ?)""").params(id, staffId, from, to, Timestamp.from(clock.instant())).update();
        return id;
    }

    /** Orders of a provider that nobody could be found for: its administrator sends someone by hand. */
    public List<WorkOrder> escalated(UUID providerId) {
        return jdbc.sql("""
                SELECT id FROM work_order WHERE provider_id = ? AND status = 'CREATED' AND escalated_at IS NOT NULL
                ORDER BY service_date, created_at LIMIT 200""").param(providerId).query(UUID.class).list().stream()
                .map(orders::find).toList();
    }

    /** A caregiver's visits offered or accepted, soonest first. */
    public List<WorkOrder> assignments(UUID caregiverId) {
        return jdbc.sql("""
                SELECT w.id FROM visit v JOIN work_order w ON w.id = v.order_id
                WHERE v.caregiver_id = ? AND w.status IN ('DISPATCHED', 'ACCEPTED')
                ORDER BY w.service_date, w.created_at LIMIT 200""").param(caregiverId).query(UUID.class).list().stream()
                .map(orders::find).toList();
    }
}
