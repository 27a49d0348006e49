package io.eldercare.feedback.callback;

import io.eldercare.events.PolicyPublished;
import io.eldercare.events.VisitConfirmed;
import io.eldercare.events.WorkOrderCompleted;
import io.eldercare.platform.messaging.TypedEventHandler;
import io.eldercare.platform.readmodel.PolicyPacks;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * In: WorkOrderCompleted (open a callback due within the pack's deadline of completion, in the pack's region, from
 * this service's own copy of the pack: no call to the catalog inside the consumer's transaction); VisitConfirmed by a
 * WITNESSED_SIGNATURE (open the flagged callback at once, from the confirmation: the visit is paid only when this call
 * confirms it, so it cannot wait for a completion that waits for it). One callback per order.
 */
@Component
class FeedbackEvents extends TypedEventHandler {

    private final JdbcClient jdbc;
    private final PolicyPacks packs;
    private final Clock clock;

    FeedbackEvents(JdbcClient jdbc, PolicyPacks packs, Clock clock) {
        this.jdbc = jdbc;
        this.packs = packs;
        this.clock = clock;
        on(WorkOrderCompleted.class, this::completed);
        on(VisitConfirmed.class, this::confirmed);
    }

    private void completed(WorkOrderCompleted c) {
        // a completion by a witnessed signature from before such visits waited for their callback: still flagged
        open(c.orderId(), c.elderId(), c.providerId(), c.itemCode(), c.policyCode(), c.serviceDate(),
                c.completedAt(), "SIGNED_RECORD".equals(c.verification()) ? WITNESSED_SIGNATURE : null);
    }

    private void confirmed(VisitConfirmed v) {
        if (WITNESSED_SIGNATURE.equals(v.method())) {
            // an elder who could use neither face nor fingerprint signed, witnessed by the caregiver: the callback
            // is the check that the visit took place (issue 11), flagged and listed first
            open(v.orderId(), v.elderId(), v.providerId(), v.itemCode(), v.policyCode(), v.serviceDate(),
                    v.confirmedAt(), WITNESSED_SIGNATURE);
        }
    }

    static final String WITNESSED_SIGNATURE = "WITNESSED_SIGNATURE";

    private void open(UUID order, UUID elder, UUID provider, String item, String policyCode, LocalDate serviceDate,
            Instant served, String flag) {
        // 黄陂 六(三)1: 服务完成后48小时内电话回访 — the hours of the pack in force on the service day; the
        // callback belongs to the pack's region, whose call centre alone sees it
        PolicyPublished pack = packs.inForceOn(policyCode, serviceDate);
        Duration due = Duration.ofHours(pack.rules().callbackDueHours());
        jdbc.sql("""
                INSERT INTO callback (order_id, elder_id, provider_id, item_code, completed_at, due_at, status,
                                      opened_at, region, flag)
                VALUES (?, ?, ?, ?, ?, ?, 'OPEN', ?, ?, ?) ON CONFLICT (order_id) DO NOTHING""")
                .params(order, elder, provider, item, Timestamp.from(served), Timestamp.from(served.plus(due)),
                        Timestamp.from(clock.instant()), pack.region(), flag)
                .update();
    }
}
