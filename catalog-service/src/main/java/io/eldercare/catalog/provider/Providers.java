package io.eldercare.catalog.provider;

import io.eldercare.catalog.facts.CatalogFacts;
import io.eldercare.events.ContractExpiring;
import io.eldercare.platform.domain.Refusal;
import io.eldercare.platform.messaging.Outbox;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Providers, their qualifications and contracts; the bureau's side of 五(二) and 第十二条. */
@Service
public class Providers {

    /** Days before a contract ends when the bureau is alerted to re-tender. */
    public static final int ALERT_DAYS = 90;

    private final JdbcClient jdbc;
    private final Outbox outbox;
    private final CatalogFacts facts;
    private final Clock clock;

    Providers(JdbcClient jdbc, Outbox outbox, CatalogFacts facts, Clock clock) {
        this.facts = facts;
        this.jdbc = jdbc;
        this.outbox = outbox;
        this.clock = clock;
    }

    /** One condition of 五(二) with its evidence (document number, certificate, audit report…). */
    public record Qualification(int condition, String evidence) {
    }

    /** Registers a provider that meets all eight conditions, each with evidence; refuses and lists what is missing. */
    @Transactional
    public UUID register(String name, List<Qualification> qualifications) {
        Set<Integer> met = qualifications.stream().filter(q -> q.evidence() != null && !q.evidence().isBlank())
                .map(Qualification::condition).collect(Collectors.toCollection(TreeSet::new));
        List<Integer> missing = IntStream.rangeClosed(1, 8).filter(c -> !met.contains(c)).boxed().toList();
        if (!missing.isEmpty()) {
            throw Refusal.invalid("qualifications-missing", "Qualifications missing",
                    "Evidence is missing for conditions " + missing + " of 五(二); all eight are required.");
        }
        if (qualifications.stream().anyMatch(q -> q.condition() < 1 || q.condition() > 8)) {
            throw Refusal.invalid("unknown-condition", "Unknown condition", "Conditions are numbered 1 to 8.");
        }
        UUID id = UUID.randomUUID();
        jdbc.sql("INSERT INTO provider (id, name, status, registered_at) VALUES (?, ?, 'ACTIVE', ?)")
                .params(id, name, Timestamp.from(clock.instant())).update();
        for (Qualification q : qualifications) {
            jdbc.sql("""
                    INSERT INTO provider_qualification (provider_id, condition_no, evidence) VALUES (?, ?, ?)
                    ON CONFLICT (provider_id, condition_no) DO UPDATE SET evidence = excluded.evidence""")
                    .params(id, q.condition(), q.evidence()).update();
        }
        return id;
    }

    /** Contracts a provider for items of a pack in communities, for at most two years. */
    @Transactional
    public UUID contract(UUID providerId, String policyCode, LocalDate startsOn, LocalDate endsOn,
            List<String> items, List<String> communities) {
        String status = jdbc.sql("SELECT status FROM provider WHERE id = ? FOR UPDATE").param(providerId)
                .query(String.class).optional().orElseThrow(() -> Refusal.notFound("Provider", providerId));
        if (!"ACTIVE".equals(status)) {
            throw Refusal.conflict("provider-not-active", "Provider not active",
                    "Provider " + providerId + " is " + status + "; only active providers are contracted.");
        }
        if (items.isEmpty() || communities.isEmpty()) {
            throw Refusal.invalid("contract-incomplete", "A contract names items and communities",
                    "Name at least one service item and one community.");
        }
        LocalDate end = endsOn == null ? startsOn.plusYears(2).minusDays(1) : endsOn;
        if (!end.isAfter(startsOn) || !end.isBefore(startsOn.plusYears(2))) {
            throw Refusal.invalid("contract-period", "Invalid operating cycle",
                    "A contract runs after its start and for at most two years (第十二条), not " + startsOn + " to "
                            + end + ".");
        }
        List<String> known = jdbc.sql("""
                SELECT code FROM service_item WHERE policy_code = :policy AND mode = 'OFFLINE' AND code IN (:items)""")
                .param("policy", policyCode).param("items", items).query(String.class).list();
        List<String> unknown = items.stream().filter(i -> !known.contains(i)).toList();
        if (!unknown.isEmpty()) {
            throw Refusal.invalid("unknown-items", "Unknown service items",
                    "Items " + unknown + " are not offline items of " + policyCode + ".");
        }
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                INSERT INTO contract (id, provider_id, policy_code, starts_on, ends_on, created_at)
                VALUES (?, ?, ?, ?, ?, ?)""")
                .params(id, providerId, policyCode, startsOn, end, Timestamp.from(clock.instant())).update();
        items.stream().distinct().forEach(item -> jdbc.sql("INSERT INTO contract_item VALUES (?, ?)")
                .params(id, item).update());
        communities.stream().distinct().forEach(c -> jdbc.sql("INSERT INTO contract_community VALUES (?, ?)")
                .params(id, c).update());
        facts.contract(id);
        return id;
    }

    @Transactional
    public void suspend(UUID providerId, String reason) {
        int changed = jdbc.sql("UPDATE provider SET status = 'SUSPENDED' WHERE id = ? AND status = 'ACTIVE'")
                .param(providerId).update();
        if (changed == 0) {
            throw Refusal.conflict("provider-not-active", "Provider not active",
                    "Provider " + providerId + " does not exist or is not active.");
        }
        facts.suspension(providerId, reason, clock.instant());
    }

    /**
     * Alerts once for every contract ending within {@value #ALERT_DAYS} days, announces once every contract that has
     * run out (ContractEnded), and expires providers whose last
     * contract has ended. Returns how many alerts were raised.
     */
    @Transactional
    public int alertExpiringContracts() {
        LocalDate today = LocalDate.now(clock);
        record Expiring(UUID contract, UUID provider, LocalDate endsOn) {
        }
        List<Expiring> expiring = jdbc.sql("""
                SELECT id, provider_id, ends_on FROM contract
                WHERE alerted_at IS NULL AND ends_on >= ? AND ends_on <= ? FOR UPDATE SKIP LOCKED""")
                .params(today, today.plusDays(ALERT_DAYS))
                .query((rs, n) -> new Expiring(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
                        rs.getObject(3, LocalDate.class)))
                .list();
        for (Expiring e : expiring) {
            jdbc.sql("UPDATE contract SET alerted_at = ? WHERE id = ?")
                    .params(Timestamp.from(clock.instant()), e.contract()).update();
            outbox.publish(new ContractExpiring(e.provider(), e.contract(), e.endsOn(),
                    (int) ChronoUnit.DAYS.between(today, e.endsOn())));
        }
        record Ended(UUID contract, UUID provider, LocalDate endsOn) {
        }
        for (Ended e : jdbc.sql("""
                UPDATE contract SET ended_at = ? WHERE ended_at IS NULL AND ends_on < ?
                RETURNING id, provider_id, ends_on""")
                .params(Timestamp.from(clock.instant()), today)
                .query((rs, n) -> new Ended(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
                        rs.getObject(3, LocalDate.class)))
                .list()) {
            facts.contractEnded(e.provider(), e.contract(), e.endsOn(), "EXPIRED");
        }
        jdbc.sql("""
                UPDATE provider p SET status = 'EXPIRED' WHERE status = 'ACTIVE'
                  AND EXISTS (SELECT 1 FROM contract c WHERE c.provider_id = p.id)
                  AND NOT EXISTS (SELECT 1 FROM contract c WHERE c.provider_id = p.id AND c.ends_on >= ?)""")
                .param(today).update();
        return expiring.size();
    }

    /** A provider's status, for the bureau and the provider itself. */
    @Transactional(readOnly = true)
    public String status(UUID providerId) {
        return jdbc.sql("SELECT status FROM provider WHERE id = ?").param(providerId).query(String.class).optional()
                .orElseThrow(() -> Refusal.notFound("Provider", providerId));
    }

    /** Whether a provider may serve an item in a community on a day, and if not, why. */
    public record Serving(UUID providerId, String policyCode, String itemCode, String communityCode, LocalDate on,
            boolean serves, List<String> reasons) {
    }

    /**
     * A provider serves an item in a community on a day when it is active and one of its contracts for the pack runs
     * that day and names both (第十二条: contracts name items and communities).
     */
    @Transactional(readOnly = true)
    public Serving serves(UUID providerId, String policyCode, String itemCode, String communityCode, LocalDate on) {
        String status = status(providerId);
        List<String> reasons = new ArrayList<>();
        if (!"ACTIVE".equals(status)) {
            reasons.add("provider is " + status);
        }
        boolean contracted = jdbc.sql("""
                SELECT count(*) FROM contract c
                WHERE c.provider_id = :provider AND c.policy_code = :policy AND c.starts_on <= :on AND c.ends_on >= :on
                  AND EXISTS (SELECT 1 FROM contract_item i WHERE i.contract_id = c.id AND i.item_code = :item)
                  AND EXISTS (SELECT 1 FROM contract_community m WHERE m.contract_id = c.id
                                AND m.community_code = :community)""")
                .param("provider", providerId).param("policy", policyCode).param("on", on).param("item", itemCode)
                .param("community", communityCode).query(Long.class).single() > 0;
        if (!contracted) {
            reasons.add("no contract of " + policyCode + " running on " + on + " names " + itemCode + " in "
                    + communityCode);
        }
        return new Serving(providerId, policyCode, itemCode, communityCode, on, reasons.isEmpty(), reasons);
    }
}
