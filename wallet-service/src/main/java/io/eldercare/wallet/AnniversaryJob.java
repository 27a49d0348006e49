package io.eldercare.wallet;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.LocalDate;
import java.util.UUID;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Daily, just after midnight Asia/Shanghai: wallets clear on their anniversary, once per cluster and per day, each
 * wallet in its own transaction. A wallet that fails is logged and counted and does not stop the others; each run
 * also looks back over the last days, so a wallet that failed — or a day the job did not run — is cleared the next
 * time (once: a clearing is recorded per wallet and day).
 */
@Component
class AnniversaryJob {

    private static final Logger log = LoggerFactory.getLogger(AnniversaryJob.class);

    private final WalletService wallets;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final int lookBackDays;
    private final int catchUpDays;
    private final Counter failed;

    AnniversaryJob(WalletService wallets, TransactionTemplate transaction, Clock clock, MeterRegistry meters,
            @Value("${eldercare.wallet.anniversary-look-back-days:7}") int lookBackDays,
            @Value("${eldercare.wallet.anniversary-catch-up-days:366}") int catchUpDays) {
        this.catchUpDays = catchUpDays;
        this.wallets = wallets;
        this.transaction = transaction;
        this.clock = clock;
        this.lookBackDays = lookBackDays;
        this.failed = meters.counter("eldercare.wallet.anniversary-clearings", "outcome", "failed");
    }

    @Scheduled(cron = "${eldercare.wallet.anniversary-cron:0 5 0 * * *}", zone = "Asia/Shanghai")
    @SchedulerLock(name = "wallet-anniversary", lockAtLeastFor = "PT1M", lockAtMostFor = "PT30M")
    public void clearToday() {
        LocalDate today = LocalDate.now(clock);
        int cleared = 0;
        for (LocalDate day = today.minusDays(lookBackDays); !day.isAfter(today); day = day.plusDays(1)) {
            cleared += clear(day);
        }
        log.info("{} wallets cleared on their anniversary up to {}", cleared, today);
    }

    /**
     * At start-up, a longer look-back ({@code anniversary-catch-up-days}, a year by default): anniversaries that
     * passed while the service was down for longer than the daily look-back are cleared once (and the orders waiting
     * for the new year held).
     */
    @EventListener(ApplicationReadyEvent.class)
    @SchedulerLock(name = "wallet-anniversary", lockAtMostFor = "PT30M")
    public void catchUpOnStart() {
        LocalDate today = LocalDate.now(clock);
        int cleared = 0;
        for (LocalDate day = today.minusDays(catchUpDays); !day.isAfter(today); day = day.plusDays(1)) {
            cleared += clear(day);
        }
        if (cleared > 0) {
            log.info("{} wallets cleared at start-up for anniversaries missed while down", cleared);
        }
    }

    /** Clears every wallet whose anniversary is the day and that was not cleared for it; returns how many. */
    public int clear(LocalDate day) {
        int cleared = 0;
        for (UUID walletId : wallets.anniversariesOn(day)) {
            try {
                if (Boolean.TRUE.equals(transaction.execute(status -> wallets.clearOnAnniversary(walletId, day)))) {
                    cleared++;
                }
            } catch (RuntimeException e) {
                failed.increment();
                log.warn("wallet {} not cleared on its anniversary {}, retried next run: {}", walletId, day,
                        e.toString());
            }
        }
        return cleared;
    }
}
