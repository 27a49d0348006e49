package io.eldercare.catalog.proposal;

import io.eldercare.catalog.facts.CatalogFacts;
import io.eldercare.catalog.item.PriceList;
import io.eldercare.catalog.item.ServiceItem;
import io.eldercare.platform.domain.Refusal;
import io.eldercare.platform.security.Actor;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * 第十条: operators may not change service items, prices or a facility's use themselves. They propose; the bureau
 * approves or rejects each proposal once, and an approved change takes effect on its date, never backwards.
 */
@Service
public class Proposals {

    /** What a proposal changes. */
    public enum Kind { PRICE, NEW_ITEM, FACILITY_USE }

    /** A proposal as filed; which fields are needed depends on the kind. */
    public record Draft(String policyCode, Kind kind, String itemCode, UUID facilityId, Long priceFen,
            String category, String name, String content, String standard, ServiceItem.Unit unit, String newUse,
            LocalDate effectiveFrom, String reason) {
    }

    /** A proposal as the bureau decides it (everything it would change), with its decision. */
    public record Proposal(UUID id, String policyCode, Kind kind, String itemCode, UUID facilityId, Long priceFen,
            String category, String name, String content, String standard, String unit, String newUse,
            LocalDate effectiveFrom, String reason, String proposedBy, UUID providerId, String status,
            String decidedBy, String decisionNote) {
    }

    private final JdbcClient jdbc;
    private final PriceList prices;
    private final CatalogFacts facts;
    private final Clock clock;

    Proposals(JdbcClient jdbc, PriceList prices, CatalogFacts facts, Clock clock) {
        this.jdbc = jdbc;
        this.prices = prices;
        this.facts = facts;
        this.clock = clock;
    }

    @Transactional
    public UUID propose(Draft draft, Actor by) {
        // a provider or bureau of one region proposes to its own region's pack only (another's: not found)
        by.requireRegion(regionOf(draft.policyCode()), "Policy pack", draft.policyCode());
        requireFuture(draft.effectiveFrom());
        if (by.provider() != null && !"ACTIVE".equals(jdbc.sql("SELECT status FROM provider WHERE id = ?")
                .param(by.provider()).query(String.class).optional().orElse("UNREGISTERED"))) {
            throw Refusal.conflict("provider-not-active", "Provider not active",
                    "Only an active, registered provider proposes changes (第十条); provider " + by.provider()
                            + " is not.");
        }
        switch (draft.kind()) {
            case PRICE -> {
                require(draft.itemCode() != null && draft.priceFen() != null, "A price change names the item and"
                        + " the new priceFen.");
                ServiceItem item = prices.find(draft.policyCode(), draft.itemCode())
                        .orElseThrow(() -> Refusal.notFound("Service item", draft.itemCode() + " of "
                                + draft.policyCode()));
                require(item.mode() == ServiceItem.Mode.OFFLINE, draft.itemCode()
                        + " is the online package; its fee is a pack rule the bureau publishes.");
                requireAfterLatestPrice(draft.policyCode(), draft.itemCode(), draft.effectiveFrom());
            }
            case NEW_ITEM -> {
                require(draft.itemCode() != null && draft.priceFen() != null && draft.name() != null
                        && draft.unit() != null && draft.category() != null && draft.content() != null,
                        "A new item names itemCode, category, name, content, unit and priceFen.");
                require(draft.unit() != ServiceItem.Unit.PER_MONTH, "New items are ordered per time, hour or meal.");
                List<String> known = jdbc.sql("SELECT DISTINCT category FROM category_profession ORDER BY category")
                        .query(String.class).list();
                if (!known.contains(draft.category())) {
                    throw Refusal.invalid("unknown-category", "Unknown item category",
                            "Category " + draft.category() + " is not one dispatch can staff; it is one of " + known
                                    + ".");
                }
                if (prices.find(draft.policyCode(), draft.itemCode()).isPresent()) {
                    throw Refusal.conflict("item-exists", "Item exists",
                            draft.itemCode() + " is already an item of " + draft.policyCode()
                                    + "; propose a price change instead.");
                }
            }
            case FACILITY_USE -> {
                require(draft.facilityId() != null && draft.newUse() != null,
                        "A change of use names the facilityId and the newUse.");
                // a provider proposes only for a facility it operates; the bureau for any
                boolean mayPropose = jdbc.sql("""
                        SELECT count(*) FROM facility WHERE id = ? AND policy_code = ?
                          AND (CAST(? AS UUID) IS NULL OR operator_id = ?)""")
                        .params(draft.facilityId(), draft.policyCode(), by.provider(), by.provider())
                        .query(Long.class).single() > 0;
                if (!mayPropose) {
                    throw Refusal.notFound("Facility", draft.facilityId());
                }
            }
        }
        UUID id = UUID.randomUUID();
        boolean newItem = draft.kind() == Kind.NEW_ITEM;
        jdbc.sql("""
                INSERT INTO change_proposal (id, policy_code, kind, item_code, facility_id, price_fen, category, name,
                  content, standard, unit, new_use, effective_from, reason, proposed_by, provider_id, status,
                  created_at)
                VALUES (:id, :policy, :kind, :item, :facility, :price, :category, :name, :content, :standard, :unit,
                  :newUse, :from, :reason, :by, :provider, 'PROPOSED', :now)""")
                .param("id", id).param("policy", draft.policyCode()).param("kind", draft.kind().name())
                .param("item", draft.kind() == Kind.FACILITY_USE ? null : draft.itemCode())
                .param("facility", draft.kind() == Kind.FACILITY_USE ? draft.facilityId() : null)
                .param("price", draft.kind() == Kind.FACILITY_USE ? null : draft.priceFen())
                // an item's text and unit belong to a new item only; a price change keeps the item's own
                .param("category", newItem ? draft.category() : null).param("name", newItem ? draft.name() : null)
                .param("content", newItem ? draft.content() : null)
                .param("standard", newItem ? draft.standard() : null)
                .param("unit", newItem ? draft.unit().name() : null)
                .param("newUse", draft.kind() == Kind.FACILITY_USE ? draft.newUse() : null)
                .param("from", draft.effectiveFrom()).param("reason", draft.reason()).param("by", by.subject())
                .param("provider", by.provider()).param("now", Timestamp.from(clock.instant()))
                .update();
        return id;
    }

    /** Approves a proposal once and applies it from its date; a second decision is a conflict. */
    @Transactional
    public Proposal approve(UUID id, Actor by, String note) {
        Proposal p = lockUndecided(id);
        requireDecidable(p, by);
        requireFuture(p.effectiveFrom());
        switch (p.kind()) {
            case PRICE -> {
                requireAfterLatestPrice(p.policyCode(), p.itemCode(), p.effectiveFrom());
                prices.set(p.policyCode(), p.itemCode(), p.effectiveFrom(), p.priceFen());
                facts.price(p.policyCode(), p.itemCode(), p.effectiveFrom(), p.id());
            }
            case NEW_ITEM -> {
                if (prices.find(p.policyCode(), p.itemCode()).isPresent()) {
                    throw Refusal.conflict("item-exists", "Item exists",
                            p.itemCode() + " was added to " + p.policyCode() + " since this proposal was filed.");
                }
                ServiceItem.Unit unit = ServiceItem.Unit.valueOf(p.unit());
                prices.add(new ServiceItem(p.policyCode(), p.itemCode(), p.category(), p.name(), p.content(),
                        p.standard(), unit));
                prices.set(p.policyCode(), p.itemCode(), p.effectiveFrom(), p.priceFen());
                facts.price(p.policyCode(), p.itemCode(), p.effectiveFrom(), p.id());
            }
            case FACILITY_USE -> jdbc.sql("""
                    INSERT INTO facility_use_history (facility_id, effective_from, use_description, proposal_id)
                    VALUES (?, ?, ?, ?)
                    ON CONFLICT (facility_id, effective_from) DO UPDATE
                      SET use_description = excluded.use_description, proposal_id = excluded.proposal_id""")
                    .params(p.facilityId(), p.effectiveFrom(), p.newUse(), id).update();
        }
        decide(id, "APPROVED", by, note);
        return find(id);
    }

    @Transactional
    public Proposal reject(UUID id, Actor by, String note) {
        requireDecidable(lockUndecided(id), by);
        decide(id, "REJECTED", by, note);
        return find(id);
    }

    public Proposal find(UUID id) {
        return jdbc.sql(SELECT + " WHERE id = ?").param(id).query(Proposals::map).optional()
                .orElseThrow(() -> Refusal.notFound("Proposal", id));
    }

    /** A proposal as the caller may see it: one of another region's packs is not found. */
    public Proposal find(UUID id, Actor by) {
        Proposal p = find(id);
        by.requireRegion(regionOf(p.policyCode()), "Proposal", id);
        return p;
    }

    /** Proposals, newest first; a provider sees its own only, everyone only those of their region's packs. */
    public List<Proposal> list(String status, UUID provider, Actor by) {
        return jdbc.sql(SELECT + """
                 WHERE (CAST(:status AS VARCHAR) IS NULL OR status = :status)
                   AND (CAST(:provider AS UUID) IS NULL OR provider_id = :provider)
                   AND (CAST(:region AS VARCHAR) IS NULL
                        OR policy_code IN (SELECT code FROM policy_pack WHERE region = :region))
                ORDER BY created_at DESC LIMIT 500""")
                .param("status", status).param("provider", provider)
                .param("region", by.boundingRegion())
                .query(Proposals::map).list();
    }

    private String regionOf(String policyCode) {
        return jdbc.sql("SELECT region FROM policy_pack WHERE code = ? LIMIT 1").param(policyCode)
                .query(String.class).optional().orElse(null);
    }

    private static final String SELECT = """
            SELECT id, policy_code, kind, item_code, facility_id, price_fen, category, name, content, standard, unit,
                   new_use, effective_from, reason, proposed_by, provider_id, status, decided_by, decision_note
            FROM change_proposal""";

    private static Proposal map(ResultSet rs, int n) throws SQLException {
        return new Proposal(rs.getObject("id", UUID.class), rs.getString("policy_code"),
                Kind.valueOf(rs.getString("kind")), rs.getString("item_code"), rs.getObject("facility_id", UUID.class),
                rs.getObject("price_fen", Long.class), rs.getString("category"), rs.getString("name"),
                rs.getString("content"), rs.getString("standard"), rs.getString("unit"), rs.getString("new_use"),
                rs.getObject("effective_from", LocalDate.class), rs.getString("reason"), rs.getString("proposed_by"),
                rs.getObject("provider_id", UUID.class), rs.getString("status"), rs.getString("decided_by"),
                rs.getString("decision_note"));
    }

    /**
     * The bureau of the pack's region decides, and never on its own proposal (four eyes); another region's proposal
     * is not found.
     */
    private void requireDecidable(Proposal p, Actor by) {
        by.requireRegion(regionOf(p.policyCode()), "Proposal", p.id());
        if (by.subject().equals(p.proposedBy())) {
            throw Refusal.forbidden("four-eyes", "Proposed by you",
                    "You proposed " + p.id() + "; another person of the bureau decides it (four eyes).");
        }
    }

    private Proposal lockUndecided(UUID id) {
        String status = jdbc.sql("SELECT status FROM change_proposal WHERE id = ? FOR UPDATE").param(id)
                .query(String.class).optional().orElseThrow(() -> Refusal.notFound("Proposal", id));
        if (!"PROPOSED".equals(status)) {
            throw Refusal.conflict("proposal-decided", "Proposal already decided",
                    "Proposal " + id + " is already " + status + "; a decision is made once. File a new proposal"
                            + " to change it again.");
        }
        return find(id);
    }

    private void decide(UUID id, String status, Actor by, String note) {
        jdbc.sql("""
                UPDATE change_proposal SET status = ?, decided_by = ?, decided_at = ?, decision_note = ?
                WHERE id = ? AND status = 'PROPOSED'""")
                .params(status, by.subject(), Timestamp.from(clock.instant()), note, id).update();
    }

    private void requireFuture(LocalDate effectiveFrom) {
        LocalDate today = LocalDate.now(clock);
        if (!effectiveFrom.isAfter(today)) {
            throw Refusal.invalid("effective-date-not-future", "A change cannot take effect backwards",
                    "A change takes effect after today (" + today + "), not on " + effectiveFrom + ".");
        }
    }

    private void requireAfterLatestPrice(String policy, String item, LocalDate from) {
        prices.latestChange(policy, item).filter(latest -> !from.isAfter(latest)).ifPresent(latest -> {
            throw Refusal.invalid("overlapping-price", "Overlaps a published price",
                    item + " already has a price from " + latest + "; a change must start after it.");
        });
    }

    private static void require(boolean condition, String detail) {
        if (!condition) {
            throw Refusal.invalid("proposal-incomplete", "Proposal incomplete", detail);
        }
    }
}
