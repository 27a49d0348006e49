package io.eldercare.wallet;

import io.eldercare.events.ApplicationApproved;
import io.eldercare.events.MonthClosed;
import io.eldercare.events.ServiceTerminated;
import io.eldercare.events.WorkOrderCancelled;
import io.eldercare.events.WorkOrderCompleted;
import io.eldercare.platform.messaging.TypedEventHandler;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * In: ApplicationApproved (open and credit the first month), WorkOrderCompleted (capture), WorkOrderCancelled
 * (release), MonthClosed (recorded; {@link MonthlyCredit} then credits the next month wallet by wallet). No handler
 * asks another service: the pack comes from the wallet's own copy.
 */
@Component
class WalletEvents extends TypedEventHandler {

    private final WalletService wallets;
    private final PolicyTerms policies;
    private final MonthlyCredit credit;

    WalletEvents(WalletService wallets, PolicyTerms policies, MonthlyCredit credit) {
        this.wallets = wallets;
        this.policies = policies;
        this.credit = credit;
        on(ApplicationApproved.class, this::approved);
        on(ServiceTerminated.class, this::terminated);
        on(WorkOrderCompleted.class, this::completed);
        on(WorkOrderCancelled.class, this::cancelled);
        on(MonthClosed.class, this::monthClosed);
    }

    private void approved(ApplicationApproved approved) {
        wallets.open(approved.elderId(), approved.category(), approved.communityCode(),
                policies.inForceOn(approved.policyCode(), approved.serviceStart()), approved.serviceStart());
    }

    private void terminated(ServiceTerminated terminated) {
        wallets.terminate(terminated.elderId(), terminated.terminatedOn(),
                policies.inForceOn(terminated.policyCode(), terminated.terminatedOn()).resetOnTermination());
    }

    private void completed(WorkOrderCompleted completed) {
        wallets.capture(completed.orderId(), completed.subsidyFen(), completed.selfPayFen());
    }

    private void cancelled(WorkOrderCancelled cancelled) {
        wallets.release(cancelled.orderId(), cancelled.elderId());
    }

    private void monthClosed(MonthClosed closed) {
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
