package io.eldercare.events;

import java.time.YearMonth;
import java.util.UUID;

/** A provider's draft statement for a closed month. */
@EventType(name = "StatementIssued", version = 1, aggregateType = "Provider")
public record StatementIssued(UUID statementId, UUID providerId, YearMonth month, int lineCount, long amountFen,
        long subsidyFen, long selfPayFen) implements DomainEvent {

    @Override
    public String aggregateId() {
        return providerId.toString();
    }
}
