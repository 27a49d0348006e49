package io.eldercare.settlement.statement;

import io.eldercare.platform.web.DomainException;
import java.time.Clock;
import java.time.YearMonth;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * At 00:00 Asia/Shanghai on the 1st, closes the month that just ended: once per cluster (ShedLock), and once ever
 * (the month's primary key) even if a lock expired or an operator closed it first.
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
        YearMonth lastMonth = YearMonth.now(clock).minusMonths(1);
        try {
            MonthClose.Closed closed = monthClose.close(lastMonth, "scheduler");
            log.info("closed {} with {} statements", lastMonth, closed.statements().size());
        } catch (DomainException alreadyClosed) {
            log.info("{} not closed by the scheduler: {}", lastMonth, alreadyClosed.getMessage());
        }
    }
}
