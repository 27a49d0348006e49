package io.eldercare.workorder.order;

import java.time.Duration;
import java.time.Period;
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
class OrderSweeps {

    private final OrderService orders;
    private final OrderFunding funding;
    private final Duration grace;
    private final Duration giveUp;
    private final Period undeliveredAfter;

    OrderSweeps(OrderService orders, OrderFunding funding,
            @Value("${eldercare.workorder.awaiting-wallet.grace:60s}") Duration grace,
            @Value("${eldercare.workorder.awaiting-wallet.give-up:10m}") Duration giveUp,
            @Value("${eldercare.workorder.undelivered-after:P7D}") Period undeliveredAfter) {
        this.orders = orders;
        this.funding = funding;
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
        funding.prune();
    }

    @Scheduled(fixedDelayString = "${eldercare.workorder.awaiting-wallet.interval:30s}", initialDelayString = "30s")
    @SchedulerLock(name = "workorder-awaiting-wallet", lockAtMostFor = "PT5M")
    public void sweep() {
        funding.resumeAwaitingWallet(grace, giveUp);
    }
}
