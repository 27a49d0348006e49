package io.eldercare.workorder.order;

import io.eldercare.events.WorkOrderCancelled;
import io.eldercare.events.WorkOrderCompleted;
import io.eldercare.platform.domain.Refusal;
import io.eldercare.platform.messaging.Outbox;
import io.eldercare.workorder.catalog.Quotes;
import io.eldercare.workorder.clients.WalletClient;
import io.eldercare.workorder.elder.Elder;
import io.eldercare.workorder.elder.Elders;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.Period;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Orders: quoted and the provider checked from this service's own copies of the catalog's facts, stored awaiting the
 * wallet and funded ({@link OrderFunding}), changed, cancelled, and completed once confirmed and payable. The order id
 * makes a retried request hold once. Every change takes the order's row first ({@link #locked}).
 */
@Service
public class OrderService {

    private final Elders elders;
    private final WorkOrderRepository orders;
    private final Quotes quotes;
    private final OrderFunding funding;
    private final Assignments assignments;
    private final Outbox outbox;
    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final Clock clock;
    @PersistenceContext
    private EntityManager entities;

    OrderService(Elders elders, WorkOrderRepository orders, Quotes quotes, OrderFunding funding,
            Assignments assignments, Outbox outbox, JdbcClient jdbc, TransactionTemplate transaction, Clock clock) {
        this.elders = elders;
        this.orders = orders;
        this.quotes = quotes;
        this.funding = funding;
        this.assignments = assignments;
        this.outbox = outbox;
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.clock = clock;
    }

    /** What is ordered; {@code visit} false for what is served without one (a dine-in meal at the canteen). */
    public record NewOrder(UUID orderId, UUID elderId, UUID providerId, String itemCode, int quantity,
            LocalDate serviceDate, WorkOrder.Channel channel, boolean visit) {

        public NewOrder(UUID orderId, UUID elderId, UUID providerId, String itemCode, int quantity,
                LocalDate serviceDate, WorkOrder.Channel channel) {
            this(orderId, elderId, providerId, itemCode, quantity, serviceDate, channel, true);
        }
    }

    /** The order and whether this call created it (false: a repeat of an earlier request). */
    public record Placed(WorkOrder order, boolean created) {
    }

    public Placed place(NewOrder request) {
        Optional<WorkOrder> existing = orders.findById(request.orderId());
        if (existing.isPresent()) {
            return new Placed(existing.get(), false);
        }
        if (funding.abandoned(request.orderId())) {
            throw Refusal.conflict("order-abandoned", "This order was given up",
                    "The wallet did not answer when this order was first placed, so it was cancelled; place it again"
                            + " with a new Idempotency-Key.");
        }
        Elder elder = elders.find(request.elderId()).orElseThrow(() -> Refusal.invalid(
                "elder-not-approved", "Elder not approved for service",
                "Elder " + request.elderId() + " has no approved application; apply first, or order at own cost"
                        + " through the hotline."));
        LocalDate serviceDate = request.serviceDate() == null ? LocalDate.now(clock) : request.serviceDate();
        if (serviceDate.isBefore(elder.serviceStart())) {
            throw Refusal.invalid("before-service-start", "Before the service start",
                    "Elder " + elder.elderId() + " is served from " + elder.serviceStart() + ", not " + serviceDate
                            + ".");
        }
        if (elder.terminatedOn() != null && !serviceDate.isBefore(elder.terminatedOn())) {
            throw Refusal.invalid("service-terminated", "Service terminated",
                    "Elder " + elder.elderId() + " is served until " + elder.terminatedOn().minusDays(1)
                            + "; the service was terminated from " + elder.terminatedOn() + ".");
        }
        Quotes.Quote quote = quotes.quote(elder.policyCode(), request.itemCode(), request.quantity(), serviceDate,
                elder.category());
        requireMealStillOpen(quote, serviceDate);
        Quotes.Serving serving = quotes.serving(request.providerId(), elder.policyCode(), request.itemCode(),
                elder.communityCode(), serviceDate);
        if (!serving.serves()) {
            throw Refusal.invalid("provider-not-contracted", "The provider does not serve this",
                    "Provider " + request.providerId() + " cannot take this order: " + String.join("; ",
                            serving.reasons()) + ".");
        }
        // stored first, awaiting the wallet's answer: a hold whose answer never arrives (this process died) is
        // found by the sweep and asked for again, or given up and released
        WorkOrder order = new WorkOrder(request.orderId(), elder.elderId(), request.providerId(),
                request.itemCode(), elder.policyCode(), serviceDate, request.channel(),
                new WorkOrder.Pricing(quote.policyVersion(), quote.unit(), quote.unitPriceFen(), quote.quantity(),
                        quote.amountFen(), 0, quote.amountFen(), 0, quote.amountFen()),
                clock.instant());
        WalletClient.HoldRequest hold = new WalletClient.HoldRequest(order.id(), elder.elderId(),
                quote.serviceDate(), quote.itemCode(), quote.amountFen(), quote.quantity(), elder.category(),
                quote.meal(), quote.delivered());
        order.awaitWallet(OrderFunding.stored(hold), elder.communityCode());
        if (!request.visit()) {
            order.servedWithoutVisit();
        }
        try {
            transaction.executeWithoutResult(status -> entities.persist(order)); // with its visit
        } catch (DataIntegrityViolationException e) {
            return new Placed(find(request.orderId()), false); // the same request, placed at the same moment
        }
        return new Placed(funding.fund(order, hold), true);
    }

    /**
     * 嘉峪关 第十六条(五): a love lunch not applied for on its day is forfeited (it cannot be ordered afterwards), and
     * the day's lunch is applied for before the pack's cut-off time.
     */
    private void requireMealStillOpen(Quotes.Quote quote, LocalDate serviceDate) {
        if (!quote.meal()) {
            return;
        }
        LocalDate today = LocalDate.now(clock);
        if (quote.rules().unclaimedMealForfeited() && serviceDate.isBefore(today)) {
            throw Refusal.invalid("meal-forfeited", "A past day's meal is forfeited",
                    "A meal not applied for on its day (" + serviceDate + ") is forfeited; order for today or later.");
        }
        LocalTime cutoff = quote.rules().mealOrderCutoff();
        if (cutoff != null && serviceDate.equals(today) && LocalTime.now(clock).isAfter(cutoff)) {
            throw Refusal.invalid("meal-order-closed", "Today's meal orders are closed",
                    "Today's meals are applied for by " + cutoff + "; order for tomorrow instead.");
        }
    }

    /**
     * An order can be paid: its service day has come, and on that day the provider was not suspended and a running
     * contract named the item in the elder's community (from this service's copy of the contracts).
     */
    public void requirePayable(WorkOrder order) {
        UUID orderId = order.id();
        LocalDate today = LocalDate.now(clock);
        if (order.serviceDate().isAfter(today)) {
            throw Refusal.invalid("service-day-not-come", "Service day not come",
                    "Order " + orderId + " is for " + order.serviceDate() + "; it is completed on or after that day,"
                            + " not on " + today + ".");
        }
        String community = order.communityCode() != null ? order.communityCode()
                : elders.find(order.elderId()).map(Elder::communityCode).orElse(null);
        Quotes.Serving serving = quotes.serving(order.providerId(), order.policyCode(), order.itemCode(),
                community, order.serviceDate());
        if (!serving.serves()) {
            throw Refusal.invalid("provider-cannot-be-paid", "The provider cannot be paid for this",
                    "Order " + orderId + " cannot be completed: " + String.join("; ", serving.reasons())
                            + ". Cancel it, or ask the bureau.");
        }
    }

    /** A confirmed visit with nothing open about it is completed (paid): payable, funded, then announced. */
    public void complete(WorkOrder order) {
        requirePayable(order);
        order.completeConfirmed(order.confirmedVerification(), clock.instant());
        announceCompleted(order);
    }

    /** WorkOrderCompleted: what the wallet captures and settlement pays, with how the visit was verified. */
    public void announceCompleted(WorkOrder order) {
        outbox.publish(new WorkOrderCompleted(order.id(), order.elderId(), order.providerId(),
                order.itemCode(), order.policyCode(), order.unit(), order.unitPriceFen(), order.quantity(),
                order.amountFen(), order.subsidyFen(), order.selfPayFen(), order.serviceDate(),
                order.completedAt(), order.verification().name()));
    }

    public WorkOrder cancel(UUID orderId, String reason) {
        return transaction.execute(status -> {
            WorkOrder order = locked(orderId);
            UUID caregiver = order.caregiverId();
            order.cancel(reason, clock.instant());
            if (caregiver != null) {
                assignments.cancelled(caregiver, order.id());
            }
            outbox.publish(new WorkOrderCancelled(order.id(), order.elderId(), order.providerId(), reason,
                    order.cancelledAt()));
            return order;
        });
    }

    /**
     * The bureau (or the call centre's callback) refused payment for a visit that began: cancelled with the reason,
     * its hold released.
     */
    public void reject(WorkOrder order, String reason) {
        order.reject(reason.length() > 200 ? reason.substring(0, 200) : reason, clock.instant());
        outbox.publish(new WorkOrderCancelled(order.id(), order.elderId(), order.providerId(),
                order.cancelReason(), order.cancelledAt()));
    }

    /**
     * Orders still open {@code after} their service day was over are cancelled ("not delivered"): their holds go back
     * (or expire, when their month was reset) instead of waiting for ever. Returns how many.
     */
    public int cancelUndelivered(Period after) {
        LocalDate lastDay = LocalDate.now(clock).minus(after);
        List<UUID> open = jdbc.sql("""
                SELECT id FROM work_order WHERE status IN ('CREATED', 'DISPATCHED', 'ACCEPTED') AND funding <> 'PENDING'
                  AND service_date < ?
                ORDER BY service_date LIMIT 500""").param(lastDay).query(UUID.class).list();
        for (UUID id : open) {
            cancel(id, "not delivered: the service day " + after.getDays() + " days ago passed without completion");
        }
        return open.size();
    }

    /** A terminated elder's open orders for the day of termination and after are cancelled; returns how many. */
    public int cancelFrom(UUID elderId, LocalDate terminatedOn) {
        List<UUID> open = jdbc.sql("""
                SELECT id FROM work_order WHERE elder_id = ? AND status IN ('CREATED', 'DISPATCHED', 'ACCEPTED')
                  AND funding <> 'PENDING'
                  AND service_date >= ?""").params(elderId, terminatedOn).query(UUID.class).list();
        open.forEach(id -> cancel(id, "service terminated from " + terminatedOn));
        return open.size();
    }

    /** A change asked for an order not begun yet: the day, the item or the quantity (null: unchanged). */
    public record Change(LocalDate serviceDate, String itemCode, Integer quantity, String reason) {
    }

    /**
     * 嘉峪关 第十六条(二): the elder's side, or the provider for its staff, asks to change an order before its visit began.
     * The changed order is quoted and held anew as a new order that replaces this one (its id derived from this one,
     * so a retry answers the same); only once it is placed is this one cancelled and its hold released. A change the
     * rules refuse (another day's meal closed, a provider not contracted for the new item, the wallet's caps) is
     * refused and changes nothing.
     */
    public WorkOrder change(UUID orderId, Change change) {
        WorkOrder old = find(orderId);
        UUID replacement = UUID.nameUUIDFromBytes(("change:" + orderId).getBytes(StandardCharsets.UTF_8));
        NewOrder changed = new NewOrder(replacement, old.elderId(), old.providerId(),
                change.itemCode() == null ? old.itemCode() : change.itemCode(),
                change.quantity() == null ? old.quantity() : change.quantity(),
                change.serviceDate() == null ? old.serviceDate() : change.serviceDate(), old.channel());
        Optional<WorkOrder> earlier = orders.findById(replacement);
        if (earlier.isPresent()) {
            WorkOrder e = earlier.get();
            if (!e.itemCode().equals(changed.itemCode()) || e.quantity() != changed.quantity()
                    || !e.serviceDate().equals(changed.serviceDate())) {
                throw Refusal.conflict("order-changed", "Order already changed",
                        "Order " + orderId + " was changed already (to order " + replacement + "); change that one.");
            }
            return e;
        }
        if (!old.status().notBegun()) {
            throw Refusal.conflict("order-not-open", "Order is no longer open",
                    "Order " + orderId + " is " + old.status() + "; only an order whose visit has not begun is changed.");
        }
        if (changed.itemCode().equals(old.itemCode()) && changed.quantity() == old.quantity()
                && changed.serviceDate().equals(old.serviceDate())) {
            throw Refusal.invalid("nothing-changed", "Nothing to change",
                    "Name a new serviceDate, itemCode or quantity.");
        }
        Placed placed = place(changed);
        transaction.executeWithoutResult(status -> jdbc.sql("UPDATE work_order SET replaces = ? WHERE id = ?")
                .params(orderId, replacement).update());
        String why = "changed (order " + replacement + "): " + change.reason();
        try {
            cancel(orderId, why.length() > 200 ? why.substring(0, 200) : why);
        } catch (Refusal notCancelled) {
            if (find(orderId).status() == VisitStatus.CANCELLED) {
                return find(replacement); // the same change, asked twice at once: the other request cancelled it
            }
            // the visit began while the change was being placed: the change is withdrawn, its hold released
            cancel(replacement, "change withdrawn: order " + orderId + " is under way");
            throw notCancelled;
        }
        return placed.order();
    }

    /**
     * The order, its row locked for the rest of the caller's transaction: every change takes the order's row before
     * anything else (its aggregate's event sequence), in the same order as matching does, so two changes never
     * deadlock.
     */
    public WorkOrder locked(UUID orderId) {
        WorkOrder order = lockedIfStored(orderId);
        if (order == null) {
            throw Refusal.notFound("Order", orderId);
        }
        return order;
    }

    /** As {@link #locked}, or null for an order not stored here (another dispatch database's). */
    public WorkOrder lockedIfStored(UUID orderId) {
        return entities.find(WorkOrder.class, orderId, LockModeType.PESSIMISTIC_WRITE);
    }

    public WorkOrder find(UUID orderId) {
        return orders.findById(orderId).orElseThrow(() -> Refusal.notFound("Order", orderId));
    }
}
