package io.eldercare.catalog.item;

import io.eldercare.platform.domain.Refusal;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Effective-dated prices: a price changes on a later date, never backwards, and the earlier price stays. */
@Component
public class PriceList {

    /** An item with the price in force on a day. */
    public record PricedItem(ServiceItem item, long priceFen, LocalDate priceFrom) {
    }

    private final JdbcClient jdbc;
    private final ServiceItemRepository items;

    PriceList(JdbcClient jdbc, ServiceItemRepository items) {
        this.jdbc = jdbc;
        this.items = items;
    }

    /** An item of a pack, priced or not. */
    public Optional<ServiceItem> find(String policyCode, String itemCode) {
        return items.findByPolicyCodeAndCode(policyCode, itemCode);
    }

    /** Adds an item to a pack (its price is {@link #set} apart). */
    public void add(ServiceItem item) {
        items.save(item);
        items.flush();
    }

    /** The items of a pack that have a price on the day, with that price (one query for all the prices). */
    public List<PricedItem> on(String policyCode, LocalDate day) {
        record Price(long fen, LocalDate from) {
        }
        Map<String, Price> prices = new HashMap<>();
        jdbc.sql("""
                SELECT DISTINCT ON (item_code) item_code, price_fen, effective_from FROM item_price
                WHERE policy_code = ? AND effective_from <= ? ORDER BY item_code, effective_from DESC""")
                .params(policyCode, day)
                .query(rs -> {
                    prices.put(rs.getString(1), new Price(rs.getLong(2), rs.getObject(3, LocalDate.class)));
                });
        return items.findByPolicyCodeOrderByCode(policyCode).stream()
                .filter(item -> prices.containsKey(item.code()))
                .map(item -> new PricedItem(item, prices.get(item.code()).fen(), prices.get(item.code()).from()))
                .toList();
    }

    /** The item with its price on the day; an item not yet (or not) priced then is not found. */
    public PricedItem item(String policyCode, String itemCode, LocalDate day) {
        return items.findByPolicyCodeAndCode(policyCode, itemCode).flatMap(item -> priceOf(item, day))
                .orElseThrow(() -> Refusal.notFound("Service item", itemCode + " of " + policyCode
                        + " on " + day));
    }

    private Optional<PricedItem> priceOf(ServiceItem item, LocalDate day) {
        record Price(long fen, LocalDate from) {
        }
        return jdbc.sql("""
                SELECT price_fen, effective_from FROM item_price
                WHERE policy_code = ? AND item_code = ? AND effective_from <= ?
                ORDER BY effective_from DESC LIMIT 1""")
                .params(item.policyCode(), item.code(), day)
                .query((rs, n) -> new Price(rs.getLong(1), rs.getObject(2, LocalDate.class))).optional()
                .map(p -> new PricedItem(item, p.fen(), p.from()));
    }

    /** The latest date any price of the item takes effect, if it has one. */
    public Optional<LocalDate> latestChange(String policyCode, String itemCode) {
        return jdbc.sql("SELECT max(effective_from) FROM item_price WHERE policy_code = ? AND item_code = ?")
                .params(policyCode, itemCode).query(LocalDate.class).optional();
    }

    /** Adds a price from a date after every earlier price of the item; the caller has checked the date. */
    public void set(String policyCode, String itemCode, LocalDate from, long priceFen) {
        jdbc.sql("INSERT INTO item_price (policy_code, item_code, effective_from, price_fen) VALUES (?, ?, ?, ?)")
                .params(policyCode, itemCode, from, priceFen).update();
    }
}
