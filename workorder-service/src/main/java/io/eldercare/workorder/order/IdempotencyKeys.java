package io.eldercare.workorder.order;

import io.eldercare.platform.domain.Refusal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.UUID;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code Idempotency-Key}s of order placement, scoped by the caller and bound to the request: the first use of a
 * key fixes the order id (committed before the wallet is asked, so a retry after a lost answer places the same order
 * and the wallet holds once); the same key with another body is a conflict; another caller's key is another key.
 * Keys are kept {@value #RETENTION_HOURS} hours.
 */
@Component
class IdempotencyKeys {

    static final int RETENTION_HOURS = 24;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcClient jdbc;
    private final Clock clock;

    IdempotencyKeys(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * The order id this caller's key stands for: a new one the first time (recorded at once, in its own
     * transaction), the same one for the same request again; 409 when the key was used for another request.
     */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public UUID orderIdFor(String caller, String key, Object request) {
        String hash = hash(request);
        jdbc.sql("""
                INSERT INTO idempotency_key (caller, idem_key, request_hash, order_id, created_at)
                VALUES (?, ?, ?, ?, ?) ON CONFLICT (caller, idem_key) DO NOTHING""")
                .params(caller, key, hash, UUID.randomUUID(), Timestamp.from(clock.instant())).update();
        record Used(String hash, UUID orderId) {
        }
        Used used = jdbc.sql("SELECT request_hash, order_id FROM idempotency_key WHERE caller = ? AND idem_key = ?")
                .params(caller, key).query((rs, n) -> new Used(rs.getString(1), rs.getObject(2, UUID.class)))
                .single();
        if (!used.hash().equals(hash)) {
            throw Refusal.conflict("idempotency-key-reused", "Idempotency-Key used for another request",
                    "You already used Idempotency-Key '" + key + "' for a different order (other elder, provider,"
                            + " item, quantity, day or channel); use a new key for a new order.");
        }
        return used.orderId();
    }

    /** Keys older than the retention are forgotten: the key may then place a new order. */
    @Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT1M")
    @SchedulerLock(name = "workorder-idempotency-prune", lockAtMostFor = "PT10M")
    public void prune() {
        jdbc.sql("DELETE FROM idempotency_key WHERE created_at < ?")
                .param(Timestamp.from(clock.instant().minus(Duration.ofHours(RETENTION_HOURS)))).update();
    }

    private static String hash(Object request) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(JSON.writeValueAsString(request).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
