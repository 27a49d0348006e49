package io.eldercare.platform.messaging;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Deletes outbox rows sent more than {@code eldercare.messaging.outbox-retention} ago (7 days: the events stay on
 * Kafka for ever) and inbox rows received more than {@code eldercare.messaging.inbox-retention} ago (400 days: a
 * consumer that reads a topic again from the start applies again every event whose inbox row is gone). Once per
 * cluster (ShedLock), by the database's clock, in chunks of {@code prune-chunk-size} rows per statement so that no
 * statement holds locks for long. A retention of zero keeps the rows for ever.
 */
public class MessagingRetention {

    private static final Logger log = LoggerFactory.getLogger(MessagingRetention.class);

    private final JdbcClient jdbc;
    private final Duration outboxRetention;
    private final Duration inboxRetention;
    private final int chunkSize;

    /** Rows deleted by each statement of a run, per table. */
    public record Pruned(List<Integer> outboxChunks, List<Integer> inboxChunks) {

        public int outbox() {
            return outboxChunks.stream().mapToInt(Integer::intValue).sum();
        }

        public int inbox() {
            return inboxChunks.stream().mapToInt(Integer::intValue).sum();
        }
    }

    public MessagingRetention(JdbcClient jdbc, Duration outboxRetention, Duration inboxRetention, int chunkSize) {
        if (chunkSize < 1) {
            throw new IllegalArgumentException("eldercare.messaging.prune-chunk-size must be positive");
        }
        this.jdbc = jdbc;
        this.outboxRetention = outboxRetention;
        this.inboxRetention = inboxRetention;
        this.chunkSize = chunkSize;
    }

    @Scheduled(fixedDelayString = "${eldercare.messaging.prune-interval:1h}", initialDelayString = "PT1M")
    @SchedulerLock(name = "eldercare-messaging-prune", lockAtMostFor = "PT30M")
    public void pruneScheduled() {
        try {
            Pruned pruned = prune();
            if (pruned.outbox() > 0 || pruned.inbox() > 0) {
                log.info("pruned {} sent outbox rows and {} inbox rows", pruned.outbox(), pruned.inbox());
            }
        } catch (RuntimeException e) {
            log.warn("pruning outbox and inbox failed, will retry: {}", e.toString());
        }
    }

    /** Deletes what is past its retention; each statement commits on its own. */
    public Pruned prune() {
        List<Integer> outbox = inChunks("""
                DELETE FROM outbox_event WHERE id IN (
                    SELECT id FROM outbox_event
                    WHERE sent_at < now() - CAST(:retention AS DOUBLE PRECISION) * INTERVAL '1 millisecond'
                    ORDER BY sent_at LIMIT :chunk)""", outboxRetention);
        List<Integer> inbox = inChunks("""
                DELETE FROM inbox_event WHERE (consumer, event_id) IN (
                    SELECT consumer, event_id FROM inbox_event
                    WHERE received_at < now() - CAST(:retention AS DOUBLE PRECISION) * INTERVAL '1 millisecond'
                    ORDER BY received_at LIMIT :chunk)""", inboxRetention);
        return new Pruned(outbox, inbox);
    }

    private List<Integer> inChunks(String delete, Duration retention) {
        List<Integer> chunks = new ArrayList<>();
        if (retention == null || retention.isZero() || retention.isNegative()) {
            return chunks;
        }
        int deleted;
        do {
            deleted = jdbc.sql(delete).param("retention", retention.toMillis()).param("chunk", chunkSize).update();
            if (deleted > 0) {
                chunks.add(deleted);
            }
        } while (deleted == chunkSize);
        return chunks;
    }
}
