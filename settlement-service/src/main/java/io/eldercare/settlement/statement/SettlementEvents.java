package io.eldercare.settlement.statement;

import io.eldercare.events.FundsCaptured;
import io.eldercare.events.FundsCapturedV1;
import io.eldercare.events.StatementLineAdded;
import io.eldercare.events.WorkOrderCompleted;
import io.eldercare.platform.messaging.Outbox;
import io.eldercare.platform.messaging.TypedEventHandler;
import io.eldercare.platform.readmodel.PolicyPacks;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * In: WorkOrderCompleted (what was delivered, by whom, when, under which region's pack) and FundsCaptured (what the
 * wallet really took and what the elder owes). A provider's statement line is written once both have arrived, in
 * either order, with the captured amounts and the region of the order's pack: a completion whose capture failed never
 * appears on a statement. Out: StatementLineAdded, the line and the month it was settled in (ids and amounts, no
 * region: v1 has none), so auditors rebuild statements from the log.
 */
@Component
class SettlementEvents extends TypedEventHandler {

    private final JdbcClient jdbc;
    private final MonthClose monthClose;
    private final Clock clock;

    private final Outbox outbox;
    private final PolicyPacks packs;

    SettlementEvents(JdbcClient jdbc, MonthClose monthClose, Clock clock, Outbox outbox, PolicyPacks packs) {
        this.outbox = outbox;
        this.packs = packs;
        this.jdbc = jdbc;
        this.monthClose = monthClose;
        this.clock = clock;
        on(WorkOrderCompleted.class, this::completed);
        on(FundsCaptured.class, captured -> captured(captured.orderId(), captured.subsidyFen(), captured.selfPayFen()));
        on(FundsCapturedV1.class,
                captured -> captured(captured.orderId(), captured.subsidyFen(), captured.selfPayFen()));
    }

    private void completed(WorkOrderCompleted c) {
        // the region of the order's pack (this service's own copy; a 503 and a retry until the catalog's events
        // have reached it, never a line without its region), so that each region's bureau sees its own lines
        String region = packs.inForceOn(c.policyCode(), c.serviceDate()).region();
        lockOrder(c.orderId());
        jdbc.sql("""
                INSERT INTO completion (order_id, provider_id, elder_id, item_code, unit, unit_price_fen,
                                        quantity, service_date, completed_at, verification, policy_code, region)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (order_id) DO NOTHING""")
                .params(c.orderId(), c.providerId(), c.elderId(), c.itemCode(), c.unit(), c.unitPriceFen(),
                        c.quantity(), c.serviceDate(), Timestamp.from(c.completedAt()), c.verification(),
                        c.policyCode(), region)
                .update();
        lineFor(c.orderId());
    }

    private void captured(UUID orderId, long subsidyFen, long selfPayFen) {
        lockOrder(orderId);
        jdbc.sql("""
                INSERT INTO capture (order_id, subsidy_fen, self_pay_fen, received_at) VALUES (?, ?, ?, ?)
                ON CONFLICT (order_id) DO NOTHING""")
                .params(orderId, subsidyFen, selfPayFen, Timestamp.from(clock.instant()))
                .update();
        lineFor(orderId);
    }

    /**
     * The completion and the capture of one order arrive on two topics, handled by two threads: taken one at a time
     * (until commit), the second always sees the first and writes the line.
     */
    private void lockOrder(UUID orderId) {
        jdbc.sql("SELECT pg_advisory_xact_lock(?)")
                .param(orderId.getMostSignificantBits() ^ orderId.getLeastSignificantBits()).query(Object.class)
                .single();
    }

    /** Writes the order's statement line once its completion and its capture are both here. */
    private void lineFor(UUID orderId) {
        LocalDate serviceDate = jdbc.sql("""
                SELECT c.service_date FROM completion c JOIN capture k ON k.order_id = c.order_id
                WHERE c.order_id = ? AND k.subsidy_fen + k.self_pay_fen > 0""")
                .param(orderId).query(LocalDate.class).optional().orElse(null);
        if (serviceDate == null) {
            return;
        }
        // serialise with a concurrent close, so a line never lands in a month being closed
        jdbc.sql("LOCK TABLE month_close IN SHARE MODE").update();
        YearMonth month = monthClose.settlementMonthFor(YearMonth.from(serviceDate));
        jdbc.sql("""
                INSERT INTO statement_line (order_id, provider_id, month, elder_id, item_code, unit, unit_price_fen,
                    quantity, amount_fen, subsidy_fen, self_pay_fen, service_date, completed_at, verification, region)
                SELECT c.order_id, c.provider_id, ?, c.elder_id, c.item_code, c.unit, c.unit_price_fen, c.quantity,
                       k.subsidy_fen + k.self_pay_fen, k.subsidy_fen, k.self_pay_fen, c.service_date,
                       c.completed_at, c.verification, c.region
                FROM completion c JOIN capture k ON k.order_id = c.order_id WHERE c.order_id = ?
                ON CONFLICT (order_id) DO NOTHING
                RETURNING provider_id, elder_id, service_date, amount_fen, subsidy_fen, self_pay_fen""")
                .params(month.toString(), orderId)
                .query((rs, n) -> new StatementLineAdded(orderId, rs.getObject(1, UUID.class),
                        rs.getObject(2, UUID.class), month, rs.getObject(3, LocalDate.class), rs.getLong(4),
                        rs.getLong(5), rs.getLong(6)))
                .optional().ifPresent(outbox::publish);
    }
}
