package io.eldercare.events;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** A provider was contracted for items in communities for an operating cycle (第十二条: two years). */
@EventType(name = "ProviderContracted", version = 1, aggregateType = "Provider")
public record ProviderContracted(UUID providerId, UUID contractId, String policyCode, LocalDate startsOn,
        LocalDate endsOn, List<String> itemCodes, List<String> communityCodes) implements DomainEvent {

    @Override
    public String aggregateId() {
        return providerId.toString();
    }
}
