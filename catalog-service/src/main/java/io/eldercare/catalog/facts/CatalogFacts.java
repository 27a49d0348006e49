package io.eldercare.catalog.facts;

import io.eldercare.events.ContractEnded;
import io.eldercare.events.PolicyPublished;
import io.eldercare.events.PriceListPublished;
import io.eldercare.events.ProviderContracted;
import io.eldercare.events.ProviderSuspended;
import io.eldercare.platform.messaging.Outbox;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Publishes each catalog fact once: a fact is marked in {@code published_fact} in the transaction that puts its event
 * in the outbox, so the API paths and the start-up pass (which publishes what migrations and demo data seeded) never
 * publish the same fact twice, with any number of instances.
 */
@Component
public class CatalogFacts {

    private static final Logger log = LoggerFactory.getLogger(CatalogFacts.class);

    private final JdbcClient jdbc;
    private final Outbox outbox;
    private final Clock clock;

    CatalogFacts(JdbcClient jdbc, Outbox outbox, Clock clock) {
        this.jdbc = jdbc;
        this.outbox = outbox;
        this.clock = clock;
    }

    /**
     * Publishes what the database holds and no event announced yet (seeded prices, demo contracts), after the pack
     * versions they belong to ({@code policy.PackAnnouncements}).
     */
    @EventListener(ApplicationReadyEvent.class)
    @Order(2)
    @Transactional
    public void publishUnpublished() {
        int prices = unpublishedPrices();
        List<UUID> contracts = jdbc.sql("SELECT id FROM contract ORDER BY created_at, id").query(UUID.class).list();
        int contracted = 0;
        for (UUID contract : contracts) {
            contracted += contract(contract) ? 1 : 0;
        }
        record Suspended(UUID id, Instant at) {
        }
        for (Suspended s : jdbc.sql("SELECT id, registered_at FROM provider WHERE status = 'SUSPENDED'")
                .query((rs, n) -> new Suspended(rs.getObject(1, UUID.class), rs.getTimestamp(2).toInstant())).list()) {
            suspension(s.id(), "suspended before its suspension was announced", s.at());
        }
        if (prices + contracted > 0) {
            log.info("published {} price lists and {} contracts seeded without an event", prices, contracted);
        }
    }

    /** Announces a pack version whole (rules and categories); false when it already was. */
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean policyVersion(PolicyPublished version) {
        if (!mark("POLICY", version.policyCode() + ":" + version.version())) {
            return false;
        }
        outbox.publish(version);
        return true;
    }

    /** Announces one approved price (第十条) unless it already was. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void price(String policyCode, String itemCode, LocalDate from, UUID proposalId) {
        List<PriceRow> rows = priceRows("""
                 WHERE p.policy_code = :policy AND p.item_code = :item AND p.effective_from = :from""",
                Map.of("policy", policyCode, "item", itemCode, "from", from));
        publishPrices(rows, proposalId);
    }

    /** Announces a contract (items, communities, period) unless it already was; false when it was. */
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean contract(UUID contractId) {
        if (!mark("CONTRACT", contractId.toString())) {
            return false;
        }
        record Contract(UUID provider, String policy, LocalDate starts, LocalDate ends) {
        }
        Contract c = jdbc.sql("SELECT provider_id, policy_code, starts_on, ends_on FROM contract WHERE id = ?")
                .param(contractId)
                .query((rs, n) -> new Contract(rs.getObject(1, UUID.class), rs.getString(2),
                        rs.getObject(3, LocalDate.class), rs.getObject(4, LocalDate.class)))
                .single();
        List<String> items = jdbc.sql("SELECT item_code FROM contract_item WHERE contract_id = ? ORDER BY 1")
                .param(contractId).query(String.class).list();
        List<String> communities = jdbc.sql(
                "SELECT community_code FROM contract_community WHERE contract_id = ? ORDER BY 1")
                .param(contractId).query(String.class).list();
        outbox.publish(new ProviderContracted(c.provider(), contractId, c.policy(), c.starts(), c.ends(), items,
                communities));
        return true;
    }

    /** Announces that a provider takes no new orders. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void suspension(UUID providerId, String reason, Instant at) {
        if (mark("SUSPENSION", providerId.toString())) {
            outbox.publish(new ProviderSuspended(providerId, reason, at));
        }
    }

    /** Announces that a contract stopped on a day (it ran out, or the bureau ended it). */
    @Transactional(propagation = Propagation.MANDATORY)
    public void contractEnded(UUID providerId, UUID contractId, LocalDate endedOn, String reason) {
        if (mark("CONTRACT_ENDED", contractId.toString())) {
            outbox.publish(new ContractEnded(providerId, contractId, endedOn, reason));
        }
    }

    private record PriceRow(String policyCode, LocalDate from, PriceListPublished.Price price) {
    }

    /** Every price not yet announced, one event per pack and date. */
    private int unpublishedPrices() {
        List<PriceRow> rows = priceRows("""
                 WHERE NOT EXISTS (SELECT 1 FROM published_fact f WHERE f.kind = 'PRICE'
                   AND f.fact_key = p.policy_code || ':' || p.item_code || ':' || p.effective_from)""", Map.of());
        Map<String, List<PriceRow>> byList = new LinkedHashMap<>();
        rows.forEach(row -> byList.computeIfAbsent(row.policyCode() + ":" + row.from(), k -> new ArrayList<>())
                .add(row));
        byList.values().forEach(list -> publishPrices(list, null));
        return byList.size();
    }

    private List<PriceRow> priceRows(String where, Map<String, ?> params) {
        return jdbc.sql("""
                SELECT p.policy_code, p.effective_from, p.item_code, i.category, i.unit, i.mode, i.delivered,
                       p.price_fen
                FROM item_price p JOIN service_item i ON i.policy_code = p.policy_code AND i.code = p.item_code
                """ + where + " ORDER BY p.policy_code, p.effective_from, p.item_code")
                .params(params)
                .query((rs, n) -> new PriceRow(rs.getString("policy_code"),
                        rs.getObject("effective_from", LocalDate.class),
                        new PriceListPublished.Price(rs.getString("item_code"), rs.getString("category"),
                                rs.getString("unit"), rs.getString("mode"), rs.getBoolean("delivered"),
                                rs.getLong("price_fen"))))
                .list();
    }

    private void publishPrices(List<PriceRow> rows, UUID proposalId) {
        List<PriceListPublished.Price> fresh = rows.stream()
                .filter(r -> mark("PRICE", r.policyCode() + ":" + r.price().itemCode() + ":" + r.from()))
                .map(PriceRow::price).toList();
        if (!fresh.isEmpty()) {
            outbox.publish(new PriceListPublished(rows.get(0).policyCode(), rows.get(0).from(), fresh, proposalId));
        }
    }

    /** True the first time a fact is marked: its event is published in the same transaction. */
    private boolean mark(String kind, String key) {
        return jdbc.sql("""
                INSERT INTO published_fact (kind, fact_key, published_at) VALUES (?, ?, ?)
                ON CONFLICT DO NOTHING""")
                .params(kind, key, Timestamp.from(clock.instant())).update() == 1;
    }
}
