package io.eldercare.workorder.order;

import java.time.Duration;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * No money held without an order: an order stored but never told the wallet's answer (the instance that asked died
 * between the hold and its own commit) is asked again with the same key after {@code grace}, which returns the hold
 * the wallet made if it made one; after {@code give-up} without an answer it is given up and its cancellation
 * releases any hold. Once per cluster (ShedLock). Also: orders never delivered are cancelled a week after their day.
 */
@Component
class AwaitingWalletSweep {

    private final OrderService orders;
    private final Duration grace;
    private final Duration giveUp;
    private final java.time.Period undeliveredAfter;
    private final Matching matching;
    private final Agreements agreements;
    private final boolean automaticDispatch;

    AwaitingWalletSweep(OrderService orders,
            @Value("${eldercare.workorder.awaiting-wallet.grace:60s}") Duration grace,
            @Value("${eldercare.workorder.awaiting-wallet.give-up:10m}") Duration giveUp,
            @Value("${eldercare.workorder.undelivered-after:P7D}") java.time.Period undeliveredAfter,
            Matching matching, @Value("${eldercare.dispatch.automatic:true}") boolean automaticDispatch,
            Agreements agreements) {
        this.agreements = agreements;
        this.matching = matching;
        this.automaticDispatch = automaticDispatch;
        this.orders = orders;
        this.grace = grace;
        this.giveUp = giveUp;
        this.undeliveredAfter = undeliveredAfter;
    }

    /**
     * Daily at 01:00 Asia/Shanghai: an order not completed within {@code undelivered-after} (7 days) of its service
     * day is cancelled as not delivered, so its hold does not lock the elder's money; then the short-lived tables are
     * pruned.
     */
    @Scheduled(cron = "${eldercare.workorder.undelivered-cron:0 0 1 * * *}", zone = "Asia/Shanghai")
    @SchedulerLock(name = "workorder-undelivered", lockAtMostFor = "PT30M")
    public void cancelUndelivered() {
        orders.cancelUndelivered(undeliveredAfter);
        orders.prune();
    }

    /**
     * Matching, every few seconds on every instance (each takes its own orders: SKIP LOCKED): offers left unanswered go
     * on to the next candidate, and waiting visits are offered to their best one.
     */
    @Scheduled(fixedDelayString = "${eldercare.dispatch.interval:5s}", initialDelayString = "10s")
    public void match() {
        if (!automaticDispatch) {
            return;
        }
        matching.expireOffers();
        int passes = 0;
        while (matching.offerWaiting(100) == 100 && ++passes < 50) {
            // more are waiting: go on
        }
    }

    /** Every hour (and when an agreement is made): the orders of service agreements due in the next two days. */
    @Scheduled(cron = "${eldercare.agreements.cron:0 5 * * * *}", zone = "Asia/Shanghai")
    @SchedulerLock(name = "workorder-agreements", lockAtMostFor = "PT30M")
    public void agreements() {
        agreements.placeDue(2);
    }

    /** Visits checked in hours ago and never checked out go to the exceptions queue (MISSING_CHECK_OUT). */
    @Scheduled(fixedDelayString = "${eldercare.visits.missing-check-out-interval:15m}", initialDelayString = "60s")
    @SchedulerLock(name = "workorder-missing-check-out", lockAtMostFor = "PT10M")
    public void missingCheckOuts() {
        orders.raiseMissingCheckOuts();
    }

    @Scheduled(fixedDelayString = "${eldercare.workorder.awaiting-wallet.interval:30s}", initialDelayString = "30s")
    @SchedulerLock(name = "workorder-awaiting-wallet", lockAtMostFor = "PT5M")
    public void sweep() {
        orders.resumeAwaitingWallet(grace, giveUp);
    }
}
