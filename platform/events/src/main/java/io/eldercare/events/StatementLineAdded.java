package io.eldercare.events;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.UUID;

/**
 * A completed and captured order became a line of its provider's statement for {@code month} (its service month, or
 * the first month open when the line was written): settlement's decision, published so that auditors rebuild every
 * statement from the log.
 */
@EventType(name = "StatementLineAdded", version = 1, aggregateType = "Provider")
public record StatementLineAdded(UUID orderId, UUID providerId, UUID elderId, YearMonth month, LocalDate serviceDate,
        long amountFen, long subsidyFen, long selfPayFen) implements DomainEvent {

    @Override
    public String aggregateId() {
        return providerId.toString();
    }
}
