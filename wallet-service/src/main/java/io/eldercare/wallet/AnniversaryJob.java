package io.eldercare.wallet;

import java.time.Clock;
import java.time.LocalDate;
import java.util.UUID;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Daily, just after midnight Asia/Shanghai: wallets clear on their anniversary, once per cluster and per day, each
 * wallet in its own transaction (one that fails is logged and does not stop the others).
 */
@Component
class AnniversaryJob {

    private static final Logger log = LoggerFactory.getLogger(AnniversaryJob.class);

    private final WalletService wallets;
    private final TransactionTemplate transaction;
    private final Clock clock;

    AnniversaryJob(WalletService wallets, TransactionTemplate transaction, Clock clock) {
        this.wallets = wallets;
        this.transaction = transaction;
        this.clock = clock;
    }

    @Scheduled(cron = "${eldercare.wallet.anniversary-cron:0 5 0 * * *}", zone = "Asia/Shanghai")
    @SchedulerLock(name = "wallet-anniversary", lockAtLeastFor = "PT1M", lockAtMostFor = "PT30M")
    public void clearToday() {
        LocalDate today = LocalDate.now(clock);
        log.info("{} wallets cleared on their anniversary {}", clear(today), today);
    }

    /** Clears every wallet whose anniversary is the day; returns how many cleared. */
    public int clear(LocalDate day) {
        int cleared = 0;
        for (UUID walletId : wallets.anniversariesOn(day)) {
            try {
                if (Boolean.TRUE.equals(transaction.execute(status -> wallets.clearOnAnniversary(walletId, day)))) {
                    cleared++;
                }
            } catch (RuntimeException e) {
                log.warn("wallet {} not cleared on its anniversary {}: {}", walletId, day, e.toString());
            }
        }
        return cleared;
    }
}
