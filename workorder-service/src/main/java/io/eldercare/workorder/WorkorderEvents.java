package io.eldercare.workorder;

import io.eldercare.events.ApplicationApproved;
import io.eldercare.events.CallbackCompleted;
import io.eldercare.events.FundsHeld;
import io.eldercare.events.ServiceTerminated;
import io.eldercare.platform.domain.Refusal;
import io.eldercare.platform.messaging.TypedEventHandler;
import io.eldercare.workorder.elder.Elder;
import io.eldercare.workorder.elder.ElderRepository;
import io.eldercare.workorder.exceptions.ExceptionDecisions;
import io.eldercare.workorder.order.OrderFunding;
import io.eldercare.workorder.order.OrderService;
import java.time.Clock;
import org.springframework.stereotype.Component;

/**
 * In: ApplicationApproved (the elder can be served; a later approval changes policy, category or community for the
 * orders that follow), ServiceTerminated (no order from that day; those placed for it are cancelled), FundsHeld (the
 * wallet held an order that waited for its month's money), CallbackCompleted (the call centre reached the elder: a
 * visit confirmed by a witnessed signature stands or is not paid). Each passed on to the room that owns it.
 */
@Component
class WorkorderEvents extends TypedEventHandler {

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
        on(ApplicationApproved.class, this::approved);
        on(ServiceTerminated.class, this::terminated);
        on(FundsHeld.class, this::fundsHeld);
        on(CallbackCompleted.class, this::calledBack);
    }

    private void approved(ApplicationApproved approved) {
        elders.findById(approved.elderId()).ifPresentOrElse(
                elder -> {
                    elder.reapprove(approved.policyCode(), approved.category(), approved.communityCode());
                    elders.save(elder);
                },
                () -> elders.save(new Elder(approved.elderId(), approved.policyCode(), approved.category(),
                        approved.communityCode(), approved.serviceStart(), clock.instant())));
    }

    private void terminated(ServiceTerminated terminated) {
        elders.findById(terminated.elderId()).ifPresent(elder -> {
            elder.terminate(terminated.terminatedOn());
            elders.save(elder);
        });
        orders.cancelFrom(terminated.elderId(), terminated.terminatedOn());
    }

    private void fundsHeld(FundsHeld held) {
        funding.fundsHeld(held.orderId(), held.listAmountFen(), held.discountFen(), held.subsidyFen(),
                held.selfPayFen());
    }

    /**
     * Only the elder's word on a witnessed visit decides anything here; an outcome this build does not know is refused
     * (dead-lettered), never read as a denial.
     */
    private void calledBack(CallbackCompleted called) {
        if (!"WITNESSED_SIGNATURE".equals(called.flag())) {
            return;
        }
        boolean confirmed = switch (called.outcome()) {
            case "VISIT_CONFIRMED" -> true;
            case "VISIT_DENIED" -> false;
            default -> throw Refusal.invalid("unknown-callback-outcome", "Unknown callback outcome",
                    "CallbackCompleted of order " + called.orderId() + " has outcome " + called.outcome()
                            + ", neither VISIT_CONFIRMED nor VISIT_DENIED.");
        };
        decisions.calledBack(called.orderId(), confirmed, called.completedAt());
    }
}
