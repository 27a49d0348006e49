package io.eldercare.feedback.callback;

import io.eldercare.events.DomainEvent;
import io.eldercare.events.EventEnvelope;
import io.eldercare.events.PolicyPublished;
import io.eldercare.events.WorkOrderCompleted;
import io.eldercare.platform.messaging.DomainEventHandler;
import java.sql.Timestamp;
import io.eldercare.platform.readmodel.PolicyPacks;
import java.time.Clock;
import java.time.Duration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * In: WorkOrderCompleted (open a callback due within the pack's deadline of completion, in the pack's region, from
 * this service's own copy of the pack: no call to the catalog inside the consumer's transaction).
 */
@Component
class FeedbackEvents implements DomainEventHandler {

    private final JdbcClient jdbc;
    private final PolicyPacks packs;
    private final Clock clock;

    FeedbackEvents(JdbcClient jdbc, PolicyPacks packs, Clock clock) {
        this.jdbc = jdbc;
        this.packs = packs;
        this.clock = clock;
    }

    @Override
    public java.util.Set<String> handles() {
        return java.util.Set.of("WorkOrderCompleted");
    }

    @Override
    public void on(DomainEvent event, EventEnvelope envelope) {
        if (event instanceof WorkOrderCompleted c) {
            // 黄陂 六(三)1: 服务完成后48小时内电话回访 — the hours of the pack in force on the service day; the
            // callback belongs to the pack's region, whose call centre alone sees it
            PolicyPublished pack = packs.inForceOn(c.policyCode(), c.serviceDate());
            Duration due = Duration.ofHours(pack.rules().callbackDueHours());
            // an elder who could use neither face nor fingerprint signed, witnessed by the caregiver: the callback
            // is the check that the visit took place (issue 11), flagged and listed first
            String flag = "SIGNED_RECORD".equals(c.verification()) ? "WITNESSED_SIGNATURE" : null;
            jdbc.sql("""
                    INSERT INTO callback (order_id, elder_id, provider_id, item_code, completed_at, due_at, status,
                                          opened_at, region, flag)
                    VALUES (?, ?, ?, ?, ?, ?, 'OPEN', ?, ?, ?) ON CONFLICT (order_id) DO NOTHING""")
                    .params(c.orderId(), c.elderId(), c.providerId(), c.itemCode(), Timestamp.from(c.completedAt()),
                            Timestamp.from(c.completedAt().plus(due)),
                            Timestamp.from(clock.instant()), pack.region(), flag)
                    .update();
        }
    }
}
