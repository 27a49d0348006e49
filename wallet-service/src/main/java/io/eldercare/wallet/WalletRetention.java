package io.eldercare.wallet;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * An order cancelled before its hold arrived is remembered ({@code released_order}) so that a late hold is refused;
 * a hold arrives within the dispatch service's request deadline or its sweep (minutes), so the memory is kept for
 * {@code released-order-retention} (30 days) and then forgotten, daily at 03:30 Asia/Shanghai.
 */
@Component
class WalletRetention {

    private final JdbcClient jdbc;
    private final Clock clock;
    private final Duration releasedOrders;

    WalletRetention(JdbcClient jdbc, Clock clock,
            @Value("${eldercare.wallet.released-order-retention:30d}") Duration releasedOrders) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.releasedOrders = releasedOrders;
    }

    @Scheduled(cron = "${eldercare.wallet.retention-cron:0 30 3 * * *}", zone = "Asia/Shanghai")
    @SchedulerLock(name = "wallet-retention", lockAtMostFor = "PT30M")
    public int prune() {
        return jdbc.sql("DELETE FROM released_order WHERE released_at < ?")
                .param(Timestamp.from(clock.instant().minus(releasedOrders))).update();
    }
}
