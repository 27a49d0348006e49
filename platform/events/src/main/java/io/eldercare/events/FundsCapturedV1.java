package io.eldercare.events;

import java.util.UUID;

/** Version 1 of a capture, without the held balance after it; superseded by v2. */
@EventType(name = "FundsCaptured", version = 1, aggregateType = "Elder")
public record FundsCapturedV1(UUID walletId, UUID elderId, UUID orderId, long subsidyFen, long selfPayFen,
        long availableFen) implements DomainEvent {

    @Override
    public String aggregateId() {
        return elderId.toString();
    }
}
