package io.eldercare.events;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/**
 * A service was delivered and confirmed. Carries everything a replay needs: the price, quantity and the subsidy and
 * self-pay parts in fen, the provider, the item, the service date and how the visit was verified.
 */
@EventType(name = "WorkOrderCompleted", version = 1, aggregateType = "Elder")
public record WorkOrderCompleted(UUID orderId, UUID elderId, UUID providerId, String itemCode, String policyCode,
        String unit, long unitPriceFen, int quantity, long amountFen, long subsidyFen, long selfPayFen,
        LocalDate serviceDate, Instant completedAt, String verification) implements DomainEvent {

    @Override
    public String aggregateId() {
        return elderId.toString();
    }
}
