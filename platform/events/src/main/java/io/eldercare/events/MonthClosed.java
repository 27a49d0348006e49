package io.eldercare.events;

import java.time.Instant;
import java.time.YearMonth;

/** The accounting month is closed: statements are built and wallets move to the next month. Published once. */
@EventType(name = "MonthClosed", version = 1, aggregateType = "Month")
public record MonthClosed(YearMonth month, Instant closedAt) implements DomainEvent {

    @Override
    public String aggregateId() {
        return month.toString();
    }
}
