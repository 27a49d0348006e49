package io.eldercare.wallet;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.UUID;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Lazy;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Credits each open wallet the month after its latest credited month once that month is closed (MonthClosed only
 * records the close): wallet by wallet, each in its own transaction, in batches, under the pack version in force in
 * that month. A wallet that fails is logged, counted and retried on the next pass; it never holds up the district,
 * and a close recorded while anything else is down is credited as soon as the pass runs.
 */
@Component
public class MonthlyCredit {

    private static final Logger log = LoggerFactory.getLogger(MonthlyCredit.class);
    /** PostgreSQL orders UUIDs byte by byte: all zeros comes first. */
    private static final UUID FIRST = new UUID(0, 0);

    private final WalletService wallets;
    private final PolicyTerms policies;
    private final TransactionTemplate transaction;
    private final int batchSize;
    private final Counter credited;
    private final Counter failed;
    /** This bean through its proxy, so a pass started here takes the cluster lock too. */
    private final MonthlyCredit self;

    MonthlyCredit(WalletService wallets, PolicyTerms policies, TransactionTemplate transaction,
            MeterRegistry meters, @Value("${eldercare.wallet.credit-batch-size:500}") int batchSize,
            @Lazy MonthlyCredit self) {
        this.self = self;
        this.wallets = wallets;
        this.policies = policies;
        this.transaction = transaction;
        this.batchSize = batchSize;
        this.credited = meters.counter("eldercare.wallet.month-credits", "outcome", "credited");
        this.failed = meters.counter("eldercare.wallet.month-credits", "outcome", "failed");
    }

    @Scheduled(fixedDelayString = "${eldercare.wallet.credit-interval:10s}")
    @SchedulerLock(name = "wallet-month-credit", lockAtMostFor = "PT30M")
    public void creditScheduled() {
        creditDue();
    }

    /** Starts a pass in the background (a month was just closed); the cluster lock keeps it to one pass at a time. */
    public void creditSoon() {
        CompletableFuture.runAsync(self::creditScheduled);
    }

    /** One pass over every wallet with a month due; returns how many months were credited. */
    public int creditDue() {
        int count = 0;
        UUID after = FIRST;
        List<WalletService.Due> batch;
        do {
            batch = wallets.dueAfter(after, batchSize);
            for (WalletService.Due due : batch) {
                count += creditOne(due);
                after = due.walletId();
            }
        } while (batch.size() == batchSize);
        if (count > 0) {
            log.info("{} monthly credits made", count);
        }
        return count;
    }

    /** Credits one wallet every month due (several when more than one closed month is waiting). */
    private int creditOne(WalletService.Due first) {
        int count = 0;
        WalletService.Due due = first;
        try {
            while (due != null) {
                WalletService.Due current = due;
                Boolean done = transaction.execute(status -> wallets.creditDue(current,
                        policies.inForceOn(current.policyCode(), current.month().atDay(1))
                                .allowanceFor(current.category())));
                if (!Boolean.TRUE.equals(done)) {
                    break;
                }
                count++;
                credited.increment();
                due = wallets.dueOf(current.walletId()).orElse(null);
            }
        } catch (RuntimeException e) {
            failed.increment();
            log.warn("month {} not credited to wallet {}, retried next pass: {}", due.month(), due.walletId(),
                    e.toString());
        }
        return count;
    }
}
