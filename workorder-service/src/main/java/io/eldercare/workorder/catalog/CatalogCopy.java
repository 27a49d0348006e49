package io.eldercare.workorder.catalog;

import io.eldercare.events.ContractEnded;
import io.eldercare.events.PriceListPublished;
import io.eldercare.events.PriceListPublishedV1;
import io.eldercare.events.ProviderContracted;
import io.eldercare.events.ProviderSuspended;
import io.eldercare.events.StaffQualified;
import io.eldercare.platform.messaging.TypedEventHandler;
import java.sql.Timestamp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * In: PriceListPublished (prices by date), ProviderContracted / ContractEnded (who may serve what, where, when),
 * ProviderSuspended (who takes no new orders), StaffQualified (who may be sent for what, until when). Every write is an upsert, so a replay from offset 0 rebuilds the
 * same copy.
 */
@Component
class CatalogCopy extends TypedEventHandler {

    private static final Logger log = LoggerFactory.getLogger(CatalogCopy.class);

    private final JdbcClient jdbc;

    CatalogCopy(JdbcClient jdbc) {
        this.jdbc = jdbc;
        on(PriceListPublished.class, this::priceList);
        on(PriceListPublishedV1.class, CatalogCopy::priceListV1);
        on(ProviderContracted.class, this::contracted);
        on(ContractEnded.class, this::ended);
        on(StaffQualified.class, this::qualified);
        on(ProviderSuspended.class, this::suspended);
    }

    private void priceList(PriceListPublished list) {
        for (PriceListPublished.Price price : list.prices()) {
            jdbc.sql("""
                    INSERT INTO item_price_copy (policy_code, item_code, effective_from, category, unit, mode,
                                                 delivered, price_fen)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (policy_code, item_code, effective_from) DO UPDATE SET category = excluded.category,
                        unit = excluded.unit, mode = excluded.mode, delivered = excluded.delivered,
                        price_fen = excluded.price_fen""")
                    .params(list.policyCode(), price.itemCode(), list.effectiveFrom(), price.category(),
                            price.unit(), price.mode(), price.delivered(), price.priceFen())
                    .update();
        }
    }

    private static void priceListV1(PriceListPublishedV1 old) {
        // v1 lacked mode and delivery; the catalog republishes every price as v2
        log.debug("PriceListPublished v1 of {} from {} superseded by v2", old.policyCode(), old.effectiveFrom());
    }

    private void contracted(ProviderContracted c) {
        jdbc.sql("""
                INSERT INTO provider_contract_copy (contract_id, provider_id, policy_code, starts_on, ends_on,
                                                    item_codes, community_codes)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (contract_id) DO UPDATE SET provider_id = excluded.provider_id,
                    policy_code = excluded.policy_code, starts_on = excluded.starts_on, ends_on = excluded.ends_on,
                    item_codes = excluded.item_codes, community_codes = excluded.community_codes""")
                .params(c.contractId(), c.providerId(), c.policyCode(), c.startsOn(), c.endsOn(),
                        c.itemCodes().toArray(String[]::new), c.communityCodes().toArray(String[]::new))
                .update();
    }

    private void ended(ContractEnded ended) {
        int changed = jdbc.sql("UPDATE provider_contract_copy SET ended_on = ? WHERE contract_id = ?")
                .params(ended.endedOn(), ended.contractId()).update();
        if (changed == 0) {
            log.warn("contract {} ended before it was known here", ended.contractId());
        }
    }

    private void qualified(StaffQualified q) {
        // the newest fact of a staff member for a pack wins (a replay or a late copy never brings an old one back)
        jdbc.sql("""
                INSERT INTO staff_copy (staff_id, provider_id, policy_code, item_codes, as_of, qualified_until)
                VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (staff_id, policy_code) DO UPDATE SET provider_id = excluded.provider_id,
                    item_codes = excluded.item_codes, as_of = excluded.as_of,
                    qualified_until = excluded.qualified_until
                WHERE staff_copy.as_of <= excluded.as_of""")
                .params(q.staffId(), q.providerId(), q.policyCode(), q.itemCodes().toArray(String[]::new),
                        q.asOf(), q.qualifiedUntil())
                .update();
    }

    private void suspended(ProviderSuspended s) {
        jdbc.sql("""
                INSERT INTO provider_suspension_copy (provider_id, suspended_at) VALUES (?, ?)
                ON CONFLICT (provider_id) DO NOTHING""")
                .params(s.providerId(), Timestamp.from(s.suspendedAt())).update();
    }
}
