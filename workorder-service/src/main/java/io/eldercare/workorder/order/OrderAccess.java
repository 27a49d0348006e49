package io.eldercare.workorder.order;

import io.eldercare.platform.domain.Refusal;
import io.eldercare.platform.readmodel.PolicyPacks;
import io.eldercare.platform.security.Actor;
import io.eldercare.platform.security.Role;
import io.eldercare.workorder.elder.Elder;
import io.eldercare.workorder.elder.Elders;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Who may act on an order: a caller of one of the given roles whose scope reaches it — the elder's own, their
 * community's, their provider's; caregivers only the visits offered to them — in the order's region. Anyone else
 * finds no such order (404, the same as for an order that does not exist).
 */
@Component
public class OrderAccess {

    private final OrderService orders;
    private final Elders elders;
    private final PolicyPacks packs;

    OrderAccess(OrderService orders, Elders elders, PolicyPacks packs) {
        this.orders = orders;
        this.elders = elders;
        this.packs = packs;
    }

    /** The order if the caller's role may act on it and it is in their scope. */
    public WorkOrder visible(UUID id, Role... allowed) {
        Actor actor = Actor.current().require(allowed);
        WorkOrder order = orders.find(id);
        boolean inScope = switch (actor.role()) {
            case PROVIDER_ADMIN -> order.providerId().equals(actor.provider());
            // a caregiver sees the visits offered to them, by their staff record, and no other
            case CAREGIVER -> actor.staff() != null && actor.staff().equals(order.caregiverId())
                    && order.providerId().equals(actor.provider());
            default -> actor.reachesElder(order.elderId(),
                    elders.find(order.elderId()).map(Elder::communityCode).orElse(null));
        };
        if (!inScope) {
            throw Refusal.notFound("Order", id);
        }
        actor.requireRegion(packs.regionOf(order.policyCode()).orElse(null), "Order", id);
        return order;
    }

    /** The caregiver the visit is offered to (or who took it), by the token's staff record; others 404. */
    public UUID caregiver(UUID orderId) {
        visible(orderId, Role.CAREGIVER);
        return Actor.current().staff();
    }
}
