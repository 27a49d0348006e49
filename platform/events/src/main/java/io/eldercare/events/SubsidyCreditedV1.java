package io.eldercare.events;

import java.time.YearMonth;
import java.util.UUID;

/** Version 1 of a month's credit, without the held balance; superseded by v2. */
@EventType(name = "SubsidyCredited", version = 1, aggregateType = "Elder")
public record SubsidyCreditedV1(UUID walletId, UUID elderId, YearMonth month, long amountFen, long expiredFen,
        long availableFen) implements DomainEvent {

    @Override
    public String aggregateId() {
        return elderId.toString();
    }
}
