package io.eldercare.workorder.exceptions;

import io.eldercare.events.VisitExceptionResolved;
import io.eldercare.platform.domain.Refusal;
import io.eldercare.platform.messaging.Outbox;
import io.eldercare.platform.readmodel.PolicyPacks;
import io.eldercare.workorder.order.OrderService;
import io.eldercare.workorder.order.VisitStatus;
import io.eldercare.workorder.order.WorkOrder;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Deciding the exceptions of a visit: the bureau resolves one (the visit stands, or is not paid), the call centre's
 * callback decides a witnessed signature, and visits never checked out are raised by the sweep.
 */
@Service
public class ExceptionDecisions {

    private static final Logger log = LoggerFactory.getLogger(ExceptionDecisions.class);
    private static final String CALL_CENTRE = "call-centre callback";

    private final VisitExceptions exceptions;
    private final OrderService orders;
    private final PolicyPacks packs;
    private final Outbox outbox;
    private final TransactionTemplate transaction;
    private final Clock clock;

    ExceptionDecisions(VisitExceptions exceptions, OrderService orders, PolicyPacks packs, Outbox outbox,
            TransactionTemplate transaction, Clock clock) {
        this.exceptions = exceptions;
        this.orders = orders;
        this.packs = packs;
        this.outbox = outbox;
        this.transaction = transaction;
        this.clock = clock;
    }

    /**
     * The bureau decides an exception of a visit in its region. VISIT_NOT_PAID: the order is cancelled (its hold
     * released) and whatever else was open about it is closed the same way. VISIT_STANDS: once nothing else about it is
     * open, a confirmed visit is completed and paid. Decided once (409 after).
     */
    public VisitExceptions.VisitException resolve(UUID exceptionId, VisitExceptions.Resolution resolution,
            String note, String by) {
        return transaction.execute(status -> {
            VisitExceptions.VisitException found = exceptions.find(exceptionId);
            WorkOrder order = orders.locked(found.orderId());
            if (!exceptions.markResolved(exceptionId, resolution, note, by)) {
                throw VisitExceptions.resolvedAlready(exceptionId);
            }
            return decided(order, found, resolution, note, by);
        });
    }

    /**
     * The call centre reached the elder about a visit (CallbackCompleted): a visit confirmed by a witnessed signature
     * stands when the elder says it took place and is not paid when the elder says it did not — the decision its
     * WITNESSED_SIGNATURE exception waited for. Nothing happens for other visits. When the bureau decided first, its
     * decision stands and the elder's word is added to it (a denial of a visit the bureau let stand is logged for
     * review).
     */
    public void calledBack(UUID orderId, boolean visitConfirmed, Instant at) {
        transaction.executeWithoutResult(status -> {
            WorkOrder order = orders.lockedIfStored(orderId);
            if (order == null) {
                return; // an order of another dispatch database, or not stored: nothing to decide here
            }
            String word = "the elder " + (visitConfirmed ? "confirmed" : "denied")
                    + " the visit on the call centre's callback of " + at;
            List<VisitExceptions.VisitException> open = exceptions.unresolvedOf(orderId);
            Optional<VisitExceptions.VisitException> witnessed = open.stream()
                    .filter(e -> VisitExceptions.Reason.WITNESSED_SIGNATURE.name().equals(e.reason())).findFirst();
            if (witnessed.isEmpty()) {
                if (exceptions.addToDecided(orderId, VisitExceptions.Reason.WITNESSED_SIGNATURE, word)
                        && !visitConfirmed) {
                    log.warn("order {}: the elder denied on the callback a witnessed visit the bureau had already"
                            + " decided ({}): review it", orderId, order.status());
                }
                return;
            }
            if (visitConfirmed && open.size() == 1 && order.status() == VisitStatus.CONFIRMED) {
                // it would be paid now: a provider that can no longer be paid (suspended, contract ended) is the
                // bureau's to decide, as an exception it resolves would be — with the elder's word on it
                try {
                    orders.requirePayable(order);
                } catch (Refusal cannotBePaid) {
                    String explanation = word + "; it cannot be paid now: " + cannotBePaid.getMessage();
                    exceptions.explain(witnessed.get().id(), explanation.length() > 500
                            ? explanation.substring(0, 500) : explanation, CALL_CENTRE);
                    log.warn("order {}: the callback confirmed the witnessed visit but it cannot be paid now;"
                            + " its exception is left to the bureau", orderId);
                    return;
                }
            }
            VisitExceptions.Resolution resolution = visitConfirmed
                    ? VisitExceptions.Resolution.VISIT_STANDS : VisitExceptions.Resolution.VISIT_NOT_PAID;
            if (exceptions.markResolved(witnessed.get().id(), resolution, word, CALL_CENTRE)) {
                decided(order, witnessed.get(), resolution, word, CALL_CENTRE);
            }
        });
    }

    private VisitExceptions.VisitException decided(WorkOrder order, VisitExceptions.VisitException found,
            VisitExceptions.Resolution resolution, String note, String by) {
        UUID exceptionId = found.id();
        outbox.publish(new VisitExceptionResolved(exceptionId, order.id(), order.elderId(), order.providerId(),
                found.reason(), resolution.name(), clock.instant()));
        if (resolution == VisitExceptions.Resolution.VISIT_NOT_PAID) {
            for (VisitExceptions.VisitException other : exceptions.unresolvedOf(order.id())) {
                exceptions.markResolved(other.id(), resolution, "the visit was not paid (exception "
                        + exceptionId + ")", by);
                outbox.publish(new VisitExceptionResolved(other.id(), order.id(), order.elderId(),
                        order.providerId(), other.reason(), resolution.name(), clock.instant()));
            }
            orders.reject(order, "not paid: " + found.reason() + (note == null ? "" : " — " + note));
        } else if (order.status() == VisitStatus.CONFIRMED && !exceptions.anyUnresolved(order.id())) {
            orders.complete(order);
        }
        return exceptions.find(exceptionId);
    }

    /** Visits checked in long ago and never checked out become exceptions (see {@link VisitExceptions}). */
    public int raiseMissingCheckOuts() {
        return exceptions.raiseMissingCheckOuts(policy -> packs.regionOf(policy).orElse(null));
    }
}
