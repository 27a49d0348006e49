package io.eldercare.wallet;

import io.eldercare.events.ApplicationApproved;
import io.eldercare.events.DomainEvent;
import io.eldercare.events.EventEnvelope;
import io.eldercare.events.MonthClosed;
import io.eldercare.events.ServiceTerminated;
import io.eldercare.events.WorkOrderCancelled;
import io.eldercare.events.WorkOrderCompleted;
import io.eldercare.platform.messaging.DomainEventHandler;
import java.util.Set;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.stereotype.Component;

/**
 * In: ApplicationApproved (open and credit the first month), WorkOrderCompleted (capture), WorkOrderCancelled
 * (release), MonthClosed (recorded; {@link MonthlyCredit} then credits the next month wallet by wallet). No handler
 * asks another service: the pack comes from the wallet's own copy.
 */
@Component
class WalletEvents implements DomainEventHandler {

    private final WalletService wallets;
    private final PolicyTerms policies;
    private final MonthlyCredit credit;

    WalletEvents(WalletService wallets, PolicyTerms policies, MonthlyCredit credit) {
        this.wallets = wallets;
        this.policies = policies;
        this.credit = credit;
    }

    @Override
    public Set<String> handles() {
        return Set.of("ApplicationApproved", "ServiceTerminated", "WorkOrderCompleted", "WorkOrderCancelled",
                "MonthClosed");
    }

    // Java 17 has no pattern-matching switch yet; an instanceof chain over the sealed hierarchy does the same.
    @Override
    public void on(DomainEvent event, EventEnvelope envelope) {
        if (event instanceof ApplicationApproved approved) {
            wallets.open(approved.elderId(), approved.category(), approved.communityCode(),
                    policies.inForceOn(approved.policyCode(), approved.serviceStart()), approved.serviceStart());
        } else if (event instanceof ServiceTerminated terminated) {
            wallets.terminate(terminated.elderId(), terminated.terminatedOn(),
                    policies.inForceOn(terminated.policyCode(), terminated.terminatedOn()).resetOnTermination());
        } else if (event instanceof WorkOrderCompleted completed) {
            wallets.capture(completed.orderId(), completed.subsidyFen(), completed.selfPayFen());
        } else if (event instanceof WorkOrderCancelled cancelled) {
            wallets.release(cancelled.orderId(), cancelled.elderId());
        } else if (event instanceof MonthClosed closed) {
            if (wallets.recordClosed(closed.month(), closed.closedAt())) {
                // credit now rather than at the next pass; the pass retries whatever this one leaves
                TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                    @Override
                    public void afterCommit() {
                        credit.creditSoon();
                    }
                });
            }
        }
    }
}
