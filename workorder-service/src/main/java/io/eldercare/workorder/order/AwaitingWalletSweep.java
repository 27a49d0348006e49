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
 * releases any hold. Once per cluster (ShedLock).
 */
@Component
class AwaitingWalletSweep {

    private final OrderService orders;
    private final Duration grace;
    private final Duration giveUp;

    AwaitingWalletSweep(OrderService orders,
            @Value("${eldercare.workorder.awaiting-wallet.grace:60s}") Duration grace,
            @Value("${eldercare.workorder.awaiting-wallet.give-up:10m}") Duration giveUp) {
        this.orders = orders;
        this.grace = grace;
        this.giveUp = giveUp;
    }

    @Scheduled(fixedDelayString = "${eldercare.workorder.awaiting-wallet.interval:30s}", initialDelayString = "30s")
    @SchedulerLock(name = "workorder-awaiting-wallet", lockAtMostFor = "PT5M")
    public void sweep() {
        orders.resumeAwaitingWallet(grace, giveUp);
    }
}
