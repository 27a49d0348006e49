package io.eldercare.workorder.canteen;

import io.eldercare.platform.domain.Refusal;
import io.eldercare.platform.readmodel.PolicyPacks;
import io.eldercare.workorder.elder.Elder;
import io.eldercare.workorder.elder.Elders;
import io.eldercare.workorder.order.OrderService;
import io.eldercare.workorder.order.WorkOrder;
import io.eldercare.workorder.visit.Confirmation;
import io.eldercare.workorder.visit.KioskAssertions;
import java.time.Clock;
import java.time.LocalDate;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * 集中就餐 at the canteen in one step: the canteen's registered terminal matched the elder's face (checked as a kiosk's
 * assertion, under the order id the terminal chose); the dine-in meal of the elder's pack is ordered from the canteen's
 * provider with the usual rules (one subsidised lunch a day, a meal cut-off, forfeiture) and held, then confirmed and
 * completed at once.
 */
@Service
public class CanteenMeals {

    private final OrderService orders;
    private final Elders elders;
    private final KioskAssertions kiosks;
    private final Confirmation confirmation;
    private final PolicyPacks packs;
    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final Clock clock;

    CanteenMeals(OrderService orders, Elders elders, KioskAssertions kiosks, Confirmation confirmation,
            PolicyPacks packs, JdbcClient jdbc, TransactionTemplate transaction, Clock clock) {
        this.orders = orders;
        this.elders = elders;
        this.kiosks = kiosks;
        this.confirmation = confirmation;
        this.packs = packs;
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.clock = clock;
    }

    /**
     * The meal the terminal recognised the elder for. The same assertion again answers the same meal if it was not
     * served yet, else it is a replay (409).
     */
    public WorkOrder served(KioskAssertions.Assertion assertion) {
        Elder elder = elders.find(assertion.elderId()).orElseThrow(() -> Refusal.invalid(
                "elder-not-approved", "Elder not approved for service",
                "Elder " + assertion.elderId() + " has no approved application; the meal is paid at the till."));
        String region = packs.regionOf(elder.policyCode()).orElse(null);
        kiosks.check(assertion, assertion.orderId(), elder.elderId(), region);
        UUID provider = kiosks.canteenProvider(assertion.terminalId()).orElseThrow(() -> Refusal.invalid(
                "not-a-canteen", "Not a canteen's terminal",
                "Terminal " + assertion.terminalId() + " is not registered for a canteen's provider; it confirms"
                        + " visits only."));
        LocalDate today = LocalDate.now(clock);
        String dineIn = jdbc.sql("""
                SELECT item_code FROM item_price_copy
                WHERE policy_code = ? AND mode = 'OFFLINE' AND unit = 'PER_MEAL' AND NOT delivered
                  AND effective_from <= ?
                ORDER BY effective_from DESC, item_code LIMIT 1""")
                .params(elder.policyCode(), today).query(String.class).optional()
                .orElseThrow(() -> Refusal.invalid("no-dine-in-meal", "No dine-in meal in the pack",
                        elder.policyCode() + " has no dine-in meal to serve."));
        OrderService.Placed placed = orders.place(new OrderService.NewOrder(assertion.orderId(), elder.elderId(),
                provider, dineIn, 1, today, WorkOrder.Channel.FRONT_DESK, false));
        try {
            return serve(assertion, elder, provider, dineIn);
        } catch (Refusal notServed) {
            if (placed.created()) {
                // not served (its money not held yet, the provider not payable): nothing kept for it, so the
                // elder's lunch of the day is not used up by a meal never eaten
                orders.cancel(placed.order().id(), "not served at the canteen: " + notServed.problem());
            }
            throw notServed;
        }
    }

    private WorkOrder serve(KioskAssertions.Assertion assertion, Elder elder, UUID provider, String dineIn) {
        return transaction.execute(status -> {
            WorkOrder order = orders.locked(assertion.orderId());
            if (!order.itemCode().equals(dineIn) || !order.providerId().equals(provider)
                    || !order.elderId().equals(elder.elderId())) {
                throw Refusal.conflict("assertion-for-another-visit", "Not this meal's order",
                        "Order " + order.id() + " is not this canteen's meal; the terminal chooses a new order id"
                                + " for each meal.");
            }
            kiosks.spend(assertion, order.id());
            orders.requirePayable(order);
            order.servedAtCanteen(assertion.matchScore(), clock.instant());
            confirmation.announceConfirmed(order);
            orders.announceCompleted(order);
            return order;
        });
    }

    /** The provider whose canteen a terminal stands in; 404 for a kiosk elsewhere or an unknown terminal. */
    public UUID canteenProviderOf(UUID terminalId) {
        return kiosks.canteenProvider(terminalId).orElseThrow(() -> Refusal.notFound("Terminal", terminalId));
    }
}
