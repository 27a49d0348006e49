package io.eldercare.eligibility.elder;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.time.Period;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Erases the personal file of an elder the platform no longer serves (PIPL art. 47: delete once the purpose is
 * achieved and any retention the law requires has run): every application of theirs is terminated or rejected, at
 * least one was terminated, none was filed since the cutoff, and the latest termination is older than {@code eldercare.eligibility.terminated-file-
 * retention} (three years by default: the limitation period of the Civil Code, art. 188, within which the bureau may
 * claim back a subsidy paid wrongly, and the three years the access log of the file is kept). Name, ID number, phone,
 * address, birth date and the blind index become NULL; the id, street and community stay, so the events and the other
 * services' records, which name the elder by id alone, identify no one any more. Once a day per cluster (ShedLock),
 * in chunks of 500 files per transaction; a file someone is applying with at that moment is locked and skipped.
 */
@Component
public class TerminatedFileRetention {

    private static final Logger log = LoggerFactory.getLogger(TerminatedFileRetention.class);
    static final int CHUNK = 500;

    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final Period retention;

    TerminatedFileRetention(JdbcClient jdbc, TransactionTemplate transaction,
            Clock clock, @Value("${eldercare.eligibility.terminated-file-retention:P3Y}") Period retention) {
        if (retention.isNegative()) {
            throw new IllegalStateException("eldercare.eligibility.terminated-file-retention (" + retention
                    + ") is negative");
        }
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.clock = clock;
        this.retention = retention;
    }

    @Scheduled(fixedDelayString = "PT24H", initialDelayString = "PT10M")
    @SchedulerLock(name = "eligibility-terminated-file-erase", lockAtMostFor = "PT1H")
    public void eraseScheduled() {
        try {
            int erased = erase();
            if (erased > 0) {
                log.info("erased the personal files of {} elders whose service ended before {}", erased, cutoff());
            }
        } catch (RuntimeException e) {
            log.warn("erasing terminated elders' files failed, will retry: {}", e.toString());
        }
    }

    /** Erases every file past its retention, chunk by chunk; returns how many. */
    public int erase() {
        Date cutoff = Date.valueOf(cutoff());
        Timestamp cutoffStart = Timestamp.from(cutoff().atStartOfDay(clock.getZone()).toInstant());
        Timestamp now = Timestamp.from(clock.instant());
        int total = 0;
        int erased;
        do {
            erased = transaction.execute(status -> jdbc.sql("""
                    UPDATE elder SET name_enc = NULL, id_number_enc = NULL, id_number_index = NULL, phone_enc = NULL,
                                     address_enc = NULL, birth_date = NULL, erased_at = ?
                    WHERE id IN (
                        SELECT e.id FROM elder e
                        WHERE e.erased_at IS NULL
                          AND NOT EXISTS (SELECT 1 FROM application a WHERE a.elder_id = e.id
                                          AND a.status NOT IN ('TERMINATED', 'REJECTED'))
                          AND (SELECT max(a.terminated_on) FROM application a WHERE a.elder_id = e.id) < ?
                          AND NOT EXISTS (SELECT 1 FROM application a WHERE a.elder_id = e.id
                                          AND a.submitted_at >= ?)
                        ORDER BY e.id LIMIT ? FOR UPDATE SKIP LOCKED)""")
                    .params(now, cutoff, cutoffStart, CHUNK).update());
            total += erased;
        } while (erased == CHUNK);
        return total;
    }

    /** Files of services ended before this day are erased: today (Asia/Shanghai) less the retention. */
    private LocalDate cutoff() {
        return LocalDate.now(clock).minus(retention);
    }
}
