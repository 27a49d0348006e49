package io.eldercare.workorder;

import io.eldercare.events.ApplicationApproved;
import io.eldercare.events.CallbackCompleted;
import io.eldercare.events.DomainEvent;
import io.eldercare.events.EventEnvelope;
import io.eldercare.events.FundsHeld;
import io.eldercare.events.ServiceTerminated;
import io.eldercare.platform.domain.Refusal;
import io.eldercare.platform.messaging.DomainEventHandler;
import io.eldercare.workorder.elder.Elder;
import io.eldercare.workorder.elder.ElderRepository;
import io.eldercare.workorder.exceptions.ExceptionDecisions;
import io.eldercare.workorder.order.OrderFunding;
import io.eldercare.workorder.order.OrderService;
import java.time.Clock;
import java.util.Set;
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
    private final OrderFunding funding;
    private final ExceptionDecisions decisions;
    private final Clock clock;

    WorkorderEvents(ElderRepository elders, OrderService orders, OrderFunding funding, ExceptionDecisions decisions,
            Clock clock) {
        this.elders = elders;
        this.orders = orders;
        this.funding = funding;
        this.decisions = decisions;
        this.clock = clock;
    }

    @Override
    public Set<String> handles() {
        return Set.of("ApplicationApproved", "ServiceTerminated", "FundsHeld", "CallbackCompleted");
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
        } else if (event instanceof ServiceTerminated terminated) {
            elders.findById(terminated.elderId()).ifPresent(elder -> {
                elder.terminate(terminated.terminatedOn());
                elders.save(elder);
            });
            orders.cancelFrom(terminated.elderId(), terminated.terminatedOn());
        } else if (event instanceof FundsHeld held) {
            funding.fundsHeld(held.orderId(), held.listAmountFen(), held.discountFen(), held.subsidyFen(),
                    held.selfPayFen());
        } else if (event instanceof CallbackCompleted called
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
            decisions.calledBack(called.orderId(), confirmed, called.completedAt());
        }
    }
}
