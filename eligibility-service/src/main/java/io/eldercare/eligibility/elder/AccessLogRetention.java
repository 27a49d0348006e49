package io.eldercare.eligibility.elder;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Forgets reads of elders' files (and refused searches for them, {@code file_access_denied}) logged longer ago than {@code eldercare.eligibility.access-log-retention}: three
 * years (1,096 days) by default, the least PIPL article 56 asks for records of processing personal information. Once
 * a day per cluster (ShedLock), 5,000 rows per statement so that no statement holds locks for long.
 */
@Component
public class AccessLogRetention {

    private static final Logger log = LoggerFactory.getLogger(AccessLogRetention.class);
    static final int CHUNK = 5_000;

    private final JdbcClient jdbc;
    private final Clock clock;
    private final Duration retention;

    AccessLogRetention(JdbcClient jdbc, Clock clock,
            @Value("${eldercare.eligibility.access-log-retention:1096d}") Duration retention) {
        if (retention.compareTo(Duration.ofDays(3 * 365)) < 0) {
            throw new IllegalStateException("eldercare.eligibility.access-log-retention (" + retention
                    + ") is shorter than the three years PIPL article 56 asks for");
        }
        this.jdbc = jdbc;
        this.clock = clock;
        this.retention = retention;
    }

    @Scheduled(fixedDelayString = "PT24H", initialDelayString = "PT5M")
    @SchedulerLock(name = "eligibility-access-log-prune", lockAtMostFor = "PT1H")
    public void pruneScheduled() {
        try {
            int deleted = prune();
            if (deleted > 0) {
                log.info("forgot {} reads of elders' files logged before {}", deleted, cutoff());
            }
        } catch (RuntimeException e) {
            log.warn("pruning the file access log failed, will retry: {}", e.toString());
        }
    }

    /** Deletes the reads and the refused searches logged before the retention, chunk by chunk; returns how many. */
    public int prune() {
        Timestamp cutoff = Timestamp.from(cutoff());
        return pruneTable("file_access_log", "accessed_at", cutoff)
                + pruneTable("file_access_denied", "denied_at", cutoff);
    }

    /** Deletes a log table's rows older than the cutoff in chunks, so no delete holds a long lock. */
    private int pruneTable(String table, String timeColumn, Timestamp cutoff) {
        int total = 0;
        int deleted;
        do {
            deleted = jdbc.sql("DELETE FROM " + table + " WHERE id IN (SELECT id FROM " + table + " WHERE "
                    + timeColumn + " < ? ORDER BY " + timeColumn + " LIMIT ?)")
                    .params(cutoff, CHUNK).update();
            total += deleted;
        } while (deleted == CHUNK);
        return total;
    }

    private Instant cutoff() {
        return clock.instant().minus(retention);
    }
}
