package io.eldercare.workorder;

import io.eldercare.events.ApplicationApproved;
import io.eldercare.events.DomainEvent;
import io.eldercare.events.EventEnvelope;
import io.eldercare.platform.messaging.DomainEventHandler;
import io.eldercare.workorder.order.Elder;
import io.eldercare.workorder.order.ElderRepository;
import java.time.Clock;
import org.springframework.stereotype.Component;

/** In: ApplicationApproved (the elder can be served). */
@Component
class WorkorderEvents implements DomainEventHandler {

    private final ElderRepository elders;
    private final Clock clock;

    WorkorderEvents(ElderRepository elders, Clock clock) {
        this.elders = elders;
        this.clock = clock;
    }

    @Override
    public java.util.Set<String> handles() {
        return java.util.Set.of("ApplicationApproved");
    }

    @Override
    public void on(DomainEvent event, EventEnvelope envelope) {
        if (event instanceof ApplicationApproved approved && !elders.existsById(approved.elderId())) {
            elders.save(new Elder(approved.elderId(), approved.policyCode(), approved.category(),
                    approved.communityCode(), approved.serviceStart(), clock.instant()));
        }
    }
}
