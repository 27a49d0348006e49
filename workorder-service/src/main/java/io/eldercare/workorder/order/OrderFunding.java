package io.eldercare.workorder.order;

import io.eldercare.events.WorkOrderCancelled;
import io.eldercare.events.WorkOrderCreated;
import io.eldercare.platform.domain.Refusal;
import io.eldercare.platform.messaging.Outbox;
import io.eldercare.workorder.clients.WalletClient;
import io.eldercare.workorder.clients.WalletHolds;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Funding an order: the wallet's hold (the one call to another service, made outside any database transaction) and
 * its answer recorded with the order's announcement; an order whose answer was lost asked again, or given up and its
 * hold released; a waiting order held later (FundsHeld).
 */
@Service
public class OrderFunding {

    private static final Logger log = LoggerFactory.getLogger(OrderFunding.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final WorkOrderRepository orders;
    private final WalletHolds wallet;
    private final Outbox outbox;
    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final Clock clock;

    OrderFunding(WorkOrderRepository orders, WalletHolds wallet, Outbox outbox, JdbcClient jdbc,
            TransactionTemplate transaction, Clock clock) {
        this.orders = orders;
        this.wallet = wallet;
        this.outbox = outbox;
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.clock = clock;
    }

    /** The hold request as it is kept with the order (and sent again, unchanged, when the answer was lost). */
    static String stored(WalletClient.HoldRequest hold) {
        return JSON.writeValueAsString(hold);
    }

    /** A stored order's first call: asked once, given up when the wallet does not answer. */
    WorkOrder fund(WorkOrder order, WalletClient.HoldRequest hold) {
        return askWallet(order, hold, false, true);
    }

    /**
     * Asks the wallet to hold a stored order and records its answer with the order's event. When first asked, a
     * refusal removes the order (nothing was held). No answer (the wallet may have held and then timed out): when
     * {@code giveUp}, the order is given up (see {@link #abandon}); otherwise it stays awaiting the wallet for the next
     * sweep. When asked again ({@code resumed}), any answer but a hold gives the order up too: a hold may exist.
     */
    private WorkOrder askWallet(WorkOrder order, WalletClient.HoldRequest request, boolean resumed, boolean giveUp) {
        WalletHolds.HoldAnswer answer = wallet.hold(order.id(), request);
        WalletClient.Hold held;
        if (answer instanceof WalletHolds.Held h) {
            held = h.split();
        } else if (answer instanceof WalletHolds.Waiting w) {
            held = w.split();
        } else if (answer instanceof WalletHolds.Refused refused) {
            if (resumed) {
                throw abandoned(order, refused.reason()); // asked again: a hold may exist
            }
            forget(order); // nothing was held
            throw refused.reason();
        } else {
            Refusal noAnswer = ((WalletHolds.Unavailable) answer).reason();
            throw giveUp ? abandoned(order, noAnswer) : noAnswer;
        }
        return transaction.execute(status -> {
            WorkOrder stored = orders.findById(order.id()).orElseThrow(() -> Refusal.notFound("Order", order.id()));
            if (stored.status() == VisitStatus.CANCELLED) {
                return stored; // cancelled while the wallet was asked: its cancellation releases the hold
            }
            stored.walletAnswered(answer instanceof WalletHolds.Waiting, held.listAmountFen(), held.discountFen(),
                    held.subsidyFen(), held.selfPayFen());
            // the wallet may have held a waiting order (and said so) between its answer and this commit
            jdbc.sql("""
                    DELETE FROM funds_held_copy WHERE order_id = ?
                    RETURNING list_amount_fen, discount_fen, subsidy_fen, self_pay_fen""")
                    .param(stored.id())
                    .query((rs, n) -> stored.funded(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)))
                    .optional();
            orders.save(stored);
            outbox.publish(new WorkOrderCreated(stored.id(), stored.elderId(), stored.providerId(),
                    stored.itemCode(), stored.policyCode(), stored.serviceDate(), stored.amountFen(),
                    stored.subsidyFen(), stored.selfPayFen()));
            return stored;
        });
    }

    /** Gives the order up (a hold may exist: its cancellation releases it) and says why it was not placed. */
    private Refusal abandoned(WorkOrder order, Refusal reason) {
        log.info("order {} not placed: the wallet answered {} ({}); its hold, if any, is released", order.id(),
                reason.kind(), reason.problem());
        abandon(order);
        return reason.withDetail("The wallet did not answer, so the order was not placed and nothing is held for it."
                + " Place it again in a minute, with a new Idempotency-Key.");
    }

    /** An order the wallet refused when first asked is not kept: nothing was held, and it was never announced. */
    private void forget(WorkOrder order) {
        transaction.executeWithoutResult(status -> removeAwaiting(order));
    }

    private boolean removeAwaiting(WorkOrder order) {
        return jdbc.sql("DELETE FROM work_order WHERE id = ? AND funding = 'PENDING' AND status = 'CREATED'")
                .param(order.id()).update() == 1;
    }

    /**
     * Gives an order awaiting the wallet up: removed, remembered as abandoned (its key is refused), and its
     * cancellation published so that a hold the wallet did make is released. Only if it still awaited the wallet: an
     * order another instance has meanwhile placed is left alone.
     */
    private void abandon(WorkOrder order) {
        transaction.executeWithoutResult(status -> {
            if (removeAwaiting(order)) {
                jdbc.sql("INSERT INTO abandoned_order (order_id, abandoned_at) VALUES (?, ?) ON CONFLICT DO NOTHING")
                        .params(order.id(), Timestamp.from(clock.instant())).update();
                outbox.publish(new WorkOrderCancelled(order.id(), order.elderId(), order.providerId(),
                        "not placed: the wallet did not answer", clock.instant()));
            }
        });
    }

    /** Whether an order was given up because the wallet did not answer (its key is refused from then on). */
    boolean abandoned(UUID orderId) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM abandoned_order WHERE order_id = ?)").param(orderId)
                .query(Boolean.class).single();
    }

    /**
     * Orders stored more than {@code grace} ago and still awaiting the wallet's answer (the process that asked died,
     * or the answer was lost): the wallet is asked again with the same key, which answers the hold it made if it made
     * one; after {@code giveUpAfter} without an answer the order is given up and its hold released. Returns how many
     * were settled either way.
     */
    public int resumeAwaitingWallet(Duration grace, Duration giveUpAfter) {
        Instant now = clock.instant();
        List<UUID> awaiting = jdbc.sql("""
                SELECT id FROM work_order WHERE funding = 'PENDING' AND created_at < ? ORDER BY created_at LIMIT 100""")
                .param(Timestamp.from(now.minus(grace))).query(UUID.class).list();
        int settled = 0;
        for (UUID id : awaiting) {
            Optional<WorkOrder> found = orders.findById(id);
            if (found.isEmpty()) {
                continue;
            }
            WorkOrder order = found.get();
            boolean giveUp = order.createdAt().isBefore(now.minus(giveUpAfter));
            try {
                WalletClient.HoldRequest request = JSON.readValue(order.holdRequest(), WalletClient.HoldRequest.class);
                askWallet(order, request, true, giveUp);
                settled++;
            } catch (Refusal e) {
                if (orders.findById(id).filter(o -> o.funding() == WorkOrder.Funding.PENDING).isPresent()) {
                    log.info("order {} still awaits the wallet: {}", id, e.problem());
                } else {
                    settled++;
                }
            } catch (RuntimeException e) {
                // what was asked cannot be asked again (an order from before requests were kept): give it up
                log.warn("order {} awaiting the wallet is given up: {}", id, e.toString());
                abandon(order);
                settled++;
            }
        }
        return settled;
    }

    /**
     * The wallet held an order (FundsHeld): a waiting order takes the wallet's split and can be completed; one not
     * stored yet finds it when it is.
     */
    public void fundsHeld(UUID orderId, long listAmountFen, long discountFen, long subsidyFen, long selfPayFen) {
        Optional<WorkOrder> order = orders.findById(orderId);
        if (order.isPresent() && order.get().funding() != WorkOrder.Funding.PENDING) {
            if (order.get().funded(listAmountFen, discountFen, subsidyFen, selfPayFen)) {
                orders.save(order.get());
                log.info("order {} is funded", orderId);
            }
        } else {
            // not stored yet, or still awaiting the wallet's answer: the answer's commit takes it
            jdbc.sql("""
                    INSERT INTO funds_held_copy (order_id, list_amount_fen, discount_fen, subsidy_fen, self_pay_fen,
                                                 received_at)
                    VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""")
                    .params(orderId, listAmountFen, discountFen, subsidyFen, selfPayFen,
                            Timestamp.from(clock.instant()))
                    .update();
        }
    }

    /** Forgets what is only needed for a while: abandoned orders after two days (keys live one), stray copies. */
    public void prune() {
        Instant now = clock.instant();
        jdbc.sql("DELETE FROM abandoned_order WHERE abandoned_at < ?")
                .param(Timestamp.from(now.minus(Duration.ofDays(2)))).update();
        jdbc.sql("DELETE FROM funds_held_copy WHERE received_at < ?")
                .param(Timestamp.from(now.minus(Duration.ofDays(1)))).update();
    }
}
