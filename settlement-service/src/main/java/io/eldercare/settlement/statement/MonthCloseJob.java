package io.eldercare.settlement.statement;

import io.eldercare.platform.domain.Refusal;
import java.time.Clock;
import java.time.YearMonth;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * At 00:00 Asia/Shanghai on the 1st (and at start-up), closes every month that has ended, in order: once per cluster
 * (ShedLock), and once ever (the month's primary key) even if a lock expired or an operator closed it first. A close
 * is for both regions at once (see {@link MonthClose}).
 */
@Component
public class MonthCloseJob {

    private static final Logger log = LoggerFactory.getLogger(MonthCloseJob.class);

    private final MonthClose monthClose;
    private final Clock clock;

    MonthCloseJob(MonthClose monthClose, Clock clock) {
        this.monthClose = monthClose;
        this.clock = clock;
    }

    @Scheduled(cron = "${eldercare.settlement.month-close-cron}", zone = "Asia/Shanghai")
    @SchedulerLock(name = "month-close", lockAtLeastFor = "PT1M", lockAtMostFor = "PT30M")
    public void closeLastMonth() {
        closeEndedMonths(true);
    }

    /**
     * Closes every month that has ended and is not closed yet, in order (the first close of a platform without a
     * configured go-live month only when {@code firstCloseToo}: the scheduler on the 1st, not a start-up): a run missed (the service was down at
     * 00:00 on the 1st) is caught up by the next run or the next start, each month exactly once.
     */
    public int closeEndedMonths(boolean firstCloseToo) {
        YearMonth current = YearMonth.now(clock);
        YearMonth next = monthClose.nextToClose();
        if (next == null) {
            if (!firstCloseToo) {
                return 0;
            }
            next = current.minusMonths(1);
        }
        int closed = 0;
        for (YearMonth month = next; month.isBefore(current); month = month.plusMonths(1)) {
            try {
                MonthClose.Closed result = monthClose.close(month, "scheduler");
                log.info("closed {} with {} statements", month, result.statements().size());
                closed++;
            } catch (Refusal refused) {
                log.info("{} not closed by the scheduler: {}", month, refused.getMessage());
                break;
            }
        }
        return closed;
    }

    /** At start-up too: a close missed while the service was down does not wait for the next 1st. */
    @EventListener(ApplicationReadyEvent.class)
    @SchedulerLock(name = "month-close", lockAtMostFor = "PT30M")
    public void catchUpOnStart() {
        closeEndedMonths(false);
    }
}
