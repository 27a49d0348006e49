package io.eldercare.events;

import java.time.LocalDate;
import java.util.UUID;

/** An order was accepted: priced by the catalog and its subsidy part held in the elder's wallet. */
@EventType(name = "WorkOrderCreated", version = 1, aggregateType = "Elder")
public record WorkOrderCreated(UUID orderId, UUID elderId, UUID providerId, String itemCode, String policyCode,
        LocalDate serviceDate, long amountFen, long subsidyFen, long selfPayFen) implements DomainEvent {

    @Override
    public String aggregateId() {
        return elderId.toString();
    }
}
