package io.eldercare.catalog.policy;

import io.eldercare.catalog.facts.CatalogFacts;
import io.eldercare.events.PolicyPublished;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** Each pack version announced whole (rules and categories), once, through the catalog's facts. */
@Component
public class PackAnnouncements {

    private static final Logger log = LoggerFactory.getLogger(PackAnnouncements.class);
    private static final JsonMapper RULES = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private final PolicyPackRepository packs;
    private final Categories categories;
    private final CatalogFacts facts;

    PackAnnouncements(PolicyPackRepository packs, Categories categories, CatalogFacts facts) {
        this.packs = packs;
        this.categories = categories;
        this.facts = facts;
    }

    /** Announces the pack versions that migrations seeded without an event, before their prices. */
    @EventListener(ApplicationReadyEvent.class)
    @Order(1)
    @Transactional
    public void announceUnannounced() {
        int announced = 0;
        for (PolicyPack pack : packs.findAll()) {
            announced += announce(pack) ? 1 : 0;
        }
        if (announced > 0) {
            log.info("published {} pack versions seeded without an event", announced);
        }
    }

    /** Announces a pack version; false when it already was. */
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean announce(PolicyPack pack) {
        PolicyPublished.Rules rules = RULES.convertValue(pack.rules(), PolicyPublished.Rules.class);
        List<PolicyPublished.Category> packCategories = categories.of(pack).stream()
                .map(c -> new PolicyPublished.Category(c.code(), c.name(), c.minAge(), c.offlineMonthlyFen(),
                        c.onlineMonthlyFen()))
                .toList();
        return facts.policyVersion(new PolicyPublished(pack.code(), pack.version(), pack.region(), pack.name(),
                pack.effectiveFrom(), rules, packCategories));
    }
}
