package io.eldercare.wallet;

import io.eldercare.events.ApplicationApproved;
import io.eldercare.events.DomainEvent;
import io.eldercare.events.EventEnvelope;
import io.eldercare.events.MonthClosed;
import io.eldercare.events.WorkOrderCancelled;
import io.eldercare.events.WorkOrderCompleted;
import io.eldercare.platform.messaging.DomainEventHandler;
import io.eldercare.wallet.ledger.WalletRepository;
import java.time.YearMonth;
import java.util.HashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * In: ApplicationApproved (open and credit), WorkOrderCompleted (capture), WorkOrderCancelled (release),
 * MonthClosed (credit the next month under each pack's reset rule).
 */
@Component
class WalletEvents implements DomainEventHandler {

    private final WalletService wallets;
    private final WalletRepository repository;
    private final PolicyTerms policies;

    WalletEvents(WalletService wallets, WalletRepository repository, PolicyTerms policies) {
        this.wallets = wallets;
        this.repository = repository;
        this.policies = policies;
    }

    // Java 17 has no pattern-matching switch yet; an instanceof chain over the sealed hierarchy does the same.
    @Override
    public java.util.Set<String> handles() {
        return java.util.Set.of("ApplicationApproved", "WorkOrderCompleted", "WorkOrderCancelled", "MonthClosed");
    }

    @Override
    public void on(DomainEvent event, EventEnvelope envelope) {
        if (event instanceof ApplicationApproved approved) {
            wallets.open(approved.elderId(), approved.category(), approved.communityCode(),
                    policies.inForceOn(approved.policyCode(), approved.serviceStart()), approved.serviceStart());
        } else if (event instanceof WorkOrderCompleted completed) {
            wallets.capture(completed.orderId(), completed.subsidyFen(), completed.selfPayFen());
        } else if (event instanceof WorkOrderCancelled cancelled) {
            wallets.release(cancelled.orderId());
        } else if (event instanceof MonthClosed closed) {
            wallets.recordClosed(closed.month(), closed.closedAt());
            creditEveryOpenWallet(closed.month().plusMonths(1));
        }
    }

    private void creditEveryOpenWallet(YearMonth month) {
        Map<String, PolicyTerms.Terms> termsByPolicy = new HashMap<>();
        // creditMonth locks each wallet once; the pack's terms are asked of the catalog once per pack
        for (WalletRepository.OpenWallet wallet : repository.openWallets()) {
            PolicyTerms.Terms terms = termsByPolicy.computeIfAbsent(wallet.policyCode(),
                    code -> policies.inForceOn(code, month.atDay(1)));
            wallets.creditMonth(wallet.id(), month, terms.allowanceFor(wallet.category()));
        }
    }
}
