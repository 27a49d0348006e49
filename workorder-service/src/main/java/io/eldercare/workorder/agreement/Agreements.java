package io.eldercare.workorder.agreement;

import io.eldercare.platform.domain.Refusal;
import io.eldercare.workorder.catalog.Quotes;
import io.eldercare.workorder.elder.Elder;
import io.eldercare.workorder.elder.Elders;
import io.eldercare.workorder.order.Assignments;
import io.eldercare.workorder.order.OrderService;
import io.eldercare.workorder.order.WorkOrder;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Monthly service agreements (黄陂 六(二)2): an elder and a provider agree on an item, how much and on which weekdays
 * for a month; each day's order is placed from the agreement a few days ahead, held and matched like any other. A
 * day's order id is derived from the agreement and the day, so however often (and on however many instances) the
 * agreement is worked through, each day is ordered once.
 */
@Component
public class Agreements {

    private static final Logger log = LoggerFactory.getLogger(Agreements.class);

    /** An agreement as the parties see it; weekdays 1 (Monday) to 7 (Sunday). */
    public record Agreement(UUID id, UUID elderId, UUID providerId, String itemCode, int quantity,
            List<Integer> weekdays, YearMonth month, String status) {
    }

    private final JdbcClient jdbc;
    private final OrderService orders;
    private final Assignments assignments;
    private final Elders elders;
    private final Quotes quotes;
    private final Clock clock;

    Agreements(JdbcClient jdbc, OrderService orders, Assignments assignments, Elders elders, Quotes quotes,
            Clock clock) {
        this.jdbc = jdbc;
        this.orders = orders;
        this.assignments = assignments;
        this.elders = elders;
        this.quotes = quotes;
        this.clock = clock;
    }

    /**
     * Records an agreement for this month or a later one: the elder approved, the item priced by the elder's pack and
     * the provider contracted for it in the elder's community (else refused with the reason); then places the orders
     * due in the next days at once.
     */
    public Agreement agree(UUID elderId, UUID providerId, String itemCode, int quantity, Set<Integer> weekdays,
            YearMonth month, String by) {
        LocalDate today = LocalDate.now(clock);
        if (month.isBefore(YearMonth.from(today))) {
            throw Refusal.invalid("agreement-in-the-past", "A month gone by",
                    "An agreement is for this month (" + YearMonth.from(today) + ") or a later one, not " + month
                            + ".");
        }
        if (weekdays.isEmpty() || weekdays.stream().anyMatch(d -> d < 1 || d > 7)) {
            throw Refusal.invalid("invalid-weekdays", "Not weekdays",
                    "weekdays are 1 (Monday) to 7 (Sunday), at least one.");
        }
        Elder elder = elders.find(elderId).orElseThrow(() -> Refusal.invalid("elder-not-approved",
                "Elder not approved for service", "Elder " + elderId + " has no approved application."));
        LocalDate first = month.atDay(1).isBefore(today) ? today : month.atDay(1);
        quotes.quote(elder.policyCode(), itemCode, quantity, first, elder.category());
        Quotes.Serving serving = quotes.serving(providerId, elder.policyCode(), itemCode, elder.communityCode(),
                first);
        if (!serving.serves()) {
            throw Refusal.invalid("provider-not-contracted", "The provider does not serve this",
                    "Provider " + providerId + " cannot agree to this: " + String.join("; ", serving.reasons())
                            + ".");
        }
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                INSERT INTO service_agreement (id, elder_id, provider_id, item_code, quantity, weekdays, month, status,
                                               agreed_by, agreed_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, 'ACTIVE', ?, ?)""")
                .params(id, elderId, providerId, itemCode, quantity, weekdays.stream().sorted()
                        .toArray(Integer[]::new), month.atDay(1), by, Timestamp.from(clock.instant()))
                .update();
        placeDue(id, 2);
        return find(id);
    }

    public Agreement find(UUID id) {
        return jdbc.sql("SELECT * FROM service_agreement WHERE id = ?").param(id).query((rs, n) -> view(rs))
                .optional().orElseThrow(() -> Refusal.notFound("Agreement", id));
    }

    public List<Agreement> ofElder(UUID elderId) {
        return jdbc.sql("SELECT * FROM service_agreement WHERE elder_id = ? ORDER BY month DESC, agreed_at")
                .param(elderId).query((rs, n) -> view(rs)).list();
    }

    /** Places, for every active agreement, the orders of the days from today to {@code daysAhead} days on. */
    public int placeDue(int daysAhead) {
        LocalDate today = LocalDate.now(clock);
        List<UUID> active = jdbc.sql("""
                SELECT id FROM service_agreement WHERE status = 'ACTIVE' AND month <= ? AND month >= ?""")
                .params(today.plusDays(daysAhead), YearMonth.from(today).atDay(1)).query(UUID.class).list();
        int placed = active.stream().mapToInt(id -> placeDue(id, daysAhead)).sum();
        cancelLeftOfEnded();
        return placed;
    }

    /** The orders of one agreement due from today to {@code daysAhead} days on; returns how many were new. */
    int placeDue(UUID agreementId, int daysAhead) {
        Agreement a = find(agreementId);
        LocalDate today = LocalDate.now(clock);
        int placed = 0;
        for (LocalDate day = today; !day.isAfter(today.plusDays(daysAhead)); day = day.plusDays(1)) {
            if (!YearMonth.from(day).equals(a.month()) || !a.weekdays().contains(day.getDayOfWeek().getValue())) {
                continue;
            }
            UUID orderId = UUID.nameUUIDFromBytes(("agreement:" + a.id() + ":" + day)
                    .getBytes(StandardCharsets.UTF_8));
            try {
                OrderService.Placed order = orders.place(new OrderService.NewOrder(orderId, a.elderId(),
                        a.providerId(), a.itemCode(), a.quantity(), day, WorkOrder.Channel.AGREEMENT));
                if (order.created()) {
                    jdbc.sql("UPDATE work_order SET agreement_id = ? WHERE id = ?").params(a.id(), orderId).update();
                    assignments.offerIfAutomatic(orderId);
                    placed++;
                }
            } catch (Refusal e) {
                // the day cannot be ordered (the wallet refused, the contract ended, the service was terminated):
                // that day is left out, the agreement goes on
                log.info("agreement {}: the order of {} was not placed: {}", a.id(), day, e.problem());
            }
        }
        return placed;
    }

    /** Ends an agreement: no further days are ordered, and its orders not begun yet are cancelled. */
    public Agreement end(UUID agreementId, String reason) {
        if (jdbc.sql("UPDATE service_agreement SET status = 'ENDED', ended_at = ? WHERE id = ? AND status = 'ACTIVE'")
                .params(Timestamp.from(clock.instant()), agreementId).update() == 0) {
            find(agreementId);
            throw Refusal.conflict("agreement-ended", "Agreement already ended",
                    "Agreement " + agreementId + " has ended already.");
        }
        cancelNotBegun(agreementId, "the service agreement ended: " + reason);
        return find(agreementId);
    }

    /**
     * Orders of ended agreements that have not begun and were left standing: one still awaiting the wallet's answer
     * when its agreement ended (it is cancelled once the wallet has answered, so that the hold is released), or one
     * being placed at that moment. Run with every placing pass; returns how many were cancelled.
     */
    public int cancelLeftOfEnded() {
        return cancelNotBegun(null, "the service agreement ended");
    }

    /**
     * Cancels the orders not begun of one ended agreement, or of every ended one ({@code agreementId} null); an order
     * still awaiting the wallet's answer is left for a later pass.
     */
    private int cancelNotBegun(UUID agreementId, String reason) {
        List<UUID> left = jdbc.sql("""
                SELECT w.id FROM work_order w JOIN service_agreement a ON a.id = w.agreement_id
                WHERE a.status = 'ENDED' AND (CAST(:agreement AS uuid) IS NULL OR a.id = :agreement)
                  AND w.status IN ('CREATED', 'DISPATCHED', 'ACCEPTED') AND w.funding <> 'PENDING'
                ORDER BY w.service_date LIMIT 500""").param("agreement", agreementId).query(UUID.class).list();
        int cancelled = 0;
        for (UUID order : left) {
            try {
                orders.cancel(order, reason);
                cancelled++;
            } catch (Refusal e) {
                // begun meanwhile (checked in): it is visited and paid as any other
                log.info("order {} of an ended agreement was not cancelled: {}", order, e.problem());
            }
        }
        return cancelled;
    }

    private static Agreement view(ResultSet rs) throws SQLException {
        Integer[] days = (Integer[]) rs.getArray("weekdays").getArray();
        return new Agreement(rs.getObject("id", UUID.class), rs.getObject("elder_id", UUID.class),
                rs.getObject("provider_id", UUID.class), rs.getString("item_code"), rs.getInt("quantity"),
                List.of(days), YearMonth.from(rs.getObject("month", LocalDate.class)), rs.getString("status"));
    }
}
