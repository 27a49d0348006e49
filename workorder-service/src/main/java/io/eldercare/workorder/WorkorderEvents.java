package io.eldercare.workorder;

import io.eldercare.events.ApplicationApproved;
import io.eldercare.events.FundsHeld;
import io.eldercare.platform.domain.Refusal;
import io.eldercare.workorder.order.OrderService;
import io.eldercare.events.DomainEvent;
import io.eldercare.events.EventEnvelope;
import io.eldercare.platform.messaging.DomainEventHandler;
import io.eldercare.workorder.order.Elder;
import io.eldercare.workorder.order.ElderRepository;
import java.time.Clock;
import org.springframework.stereotype.Component;

/**
 * In: ApplicationApproved (the elder can be served; a later approval changes policy, category or community for the
 * orders that follow), ServiceTerminated (no order from that day; those placed for it are cancelled), FundsHeld (the
 * wallet held an order that waited for its month's money), CallbackCompleted (the call centre reached the elder: a
 * visit confirmed by a witnessed signature stands or is not paid).
 */
@Component
class WorkorderEvents implements DomainEventHandler {

    private final ElderRepository elders;
    private final OrderService orders;
    private final Clock clock;

    WorkorderEvents(ElderRepository elders, OrderService orders, Clock clock) {
        this.elders = elders;
        this.orders = orders;
        this.clock = clock;
    }

    @Override
    public java.util.Set<String> handles() {
        return java.util.Set.of("ApplicationApproved", "ServiceTerminated", "FundsHeld", "CallbackCompleted");
    }

    @Override
    public void on(DomainEvent event, EventEnvelope envelope) {
        if (event instanceof ApplicationApproved approved) {
            elders.findById(approved.elderId()).ifPresentOrElse(
                    elder -> {
                        elder.reapprove(approved.policyCode(), approved.category(), approved.communityCode());
                        elders.save(elder);
                    },
                    () -> elders.save(new Elder(approved.elderId(), approved.policyCode(), approved.category(),
                            approved.communityCode(), approved.serviceStart(), clock.instant())));
        } else if (event instanceof io.eldercare.events.ServiceTerminated terminated) {
            elders.findById(terminated.elderId()).ifPresent(elder -> {
                elder.terminate(terminated.terminatedOn());
                elders.save(elder);
            });
            orders.cancelFrom(terminated.elderId(), terminated.terminatedOn());
        } else if (event instanceof FundsHeld held) {
            orders.fundsHeld(held.orderId(), held.listAmountFen(), held.discountFen(), held.subsidyFen(),
                    held.selfPayFen());
        } else if (event instanceof io.eldercare.events.CallbackCompleted called
                && "WITNESSED_SIGNATURE".equals(called.flag())) {
            // only the elder's word on a witnessed visit decides anything here; an outcome this build does not know
            // is refused (dead-lettered), never read as a denial
            boolean confirmed = switch (called.outcome()) {
                case "VISIT_CONFIRMED" -> true;
                case "VISIT_DENIED" -> false;
                default -> throw Refusal.invalid("unknown-callback-outcome",
                        "Unknown callback outcome", "CallbackCompleted of order " + called.orderId()
                                + " has outcome " + called.outcome() + ", neither VISIT_CONFIRMED nor VISIT_DENIED.");
            };
            orders.calledBack(called.orderId(), confirmed, called.completedAt());
        }
    }
}
