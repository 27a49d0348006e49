package io.eldercare.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.eldercare.catalog.facts.CatalogFacts;
import io.eldercare.events.EventEnvelope;
import io.eldercare.events.PolicyPublished;
import io.eldercare.events.PriceListPublished;
import io.eldercare.events.ProviderContracted;
import io.eldercare.testsupport.Contracts;
import io.eldercare.testsupport.EventProbe;
import io.eldercare.testsupport.ServiceTest;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Services enforce the catalog's rules from their own copies, built from its events alone: everything the catalog
 * holds — seeded by migrations, loaded as demo data or made through its API — is on its topic, once.
 */
@ServiceTest
class CatalogFactsTest {

    private static final String TOPIC = "eldercare.catalog.events";

    @Autowired
    JdbcClient jdbc;
    @Autowired
    CatalogFacts facts;
    @Autowired
    TransactionTemplate transaction;

    @Test
    void everySeededPackVersionPriceAndContractIsPublishedOnceSoAFreshConsumerRebuildsFromOffsetZero() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            List<EventEnvelope> events = EventProbe.readAll(TOPIC, Duration.ofMillis(500));
            assertThat(events.stream().map(EventProbe::payload).filter(PolicyPublished.class::isInstance)
                    .map(PolicyPublished.class::cast).filter(p -> p.version() == 1)
                    .map(PolicyPublished::policyCode))
                    .containsExactlyInAnyOrder("HUANGPI-2020", "JIAYUGUAN-2024");
            List<String> publishedPrices = events.stream().map(EventProbe::payload)
                    .filter(PriceListPublished.class::isInstance).map(PriceListPublished.class::cast)
                    .flatMap(l -> l.prices().stream().map(p -> l.policyCode() + ":" + p.itemCode() + ":"
                            + l.effectiveFrom()))
                    .toList();
            List<String> seededPrices = jdbc.sql("""
                    SELECT policy_code || ':' || item_code || ':' || effective_from FROM item_price
                    WHERE effective_from <= current_date""").query(String.class).list();
            assertThat(publishedPrices).containsAll(seededPrices).doesNotHaveDuplicates();
            List<UUID> contracts = events.stream().map(EventProbe::payload)
                    .filter(ProviderContracted.class::isInstance).map(ProviderContracted.class::cast)
                    .map(ProviderContracted::contractId).toList();
            assertThat(contracts).contains(UUID.fromString("7d1c2f3e-0000-4000-8000-000000000001"),
                    UUID.fromString("7d1c2f3e-0000-4000-8000-000000000002")).doesNotHaveDuplicates();
        });
        long before = jdbc.sql("SELECT count(*) FROM outbox_event").query(Long.class).single();

        transaction.executeWithoutResult(status -> facts.publishUnpublished());

        assertThat(jdbc.sql("SELECT count(*) FROM outbox_event").query(Long.class).single()).isEqualTo(before);
    }

    @Test
    void theFactsOtherServicesTestsPublishInTheCatalogsNameAreWhatTheCatalogReallyPublishes() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            List<EventEnvelope> events = EventProbe.readAll(TOPIC, Duration.ofMillis(500));
            assertThat(Contracts.eventMismatches("catalog-facts", events)).isEmpty();
        });
    }
}
