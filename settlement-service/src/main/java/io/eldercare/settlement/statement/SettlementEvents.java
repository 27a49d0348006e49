package io.eldercare.settlement.statement;

import io.eldercare.events.DomainEvent;
import io.eldercare.events.EventEnvelope;
import io.eldercare.events.WorkOrderCompleted;
import io.eldercare.platform.messaging.DomainEventHandler;
import java.sql.Timestamp;
import java.time.YearMonth;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** In: WorkOrderCompleted (a line on the provider's statement). */
@Component
class SettlementEvents implements DomainEventHandler {

    private final JdbcClient jdbc;
    private final MonthClose monthClose;

    SettlementEvents(JdbcClient jdbc, MonthClose monthClose) {
        this.jdbc = jdbc;
        this.monthClose = monthClose;
    }

    @Override
    public java.util.Set<String> handles() {
        return java.util.Set.of("WorkOrderCompleted");
    }

    @Override
    public void on(DomainEvent event, EventEnvelope envelope) {
        if (event instanceof WorkOrderCompleted c) {
            // serialise with a concurrent close, so a line never lands in a month being closed
            jdbc.sql("LOCK TABLE month_close IN SHARE MODE").update();
            YearMonth month = monthClose.settlementMonthFor(YearMonth.from(c.serviceDate()));
            jdbc.sql("""
                    INSERT INTO statement_line (order_id, provider_id, month, elder_id, item_code, unit,
                        unit_price_fen, quantity, amount_fen, subsidy_fen, self_pay_fen, service_date, completed_at,
                        verification)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (order_id) DO NOTHING""")
                    .params(c.orderId(), c.providerId(), month.toString(), c.elderId(), c.itemCode(), c.unit(),
                            c.unitPriceFen(), c.quantity(), c.amountFen(), c.subsidyFen(), c.selfPayFen(),
                            c.serviceDate(), Timestamp.from(c.completedAt()), c.verification())
                    .update();
        }
    }
}
