package io.eldercare.settlement.statement;

import io.eldercare.events.MonthClosed;
import io.eldercare.events.StatementIssued;
import io.eldercare.platform.domain.Refusal;
import io.eldercare.platform.messaging.Outbox;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Closing a month: once, in order (the month after the latest closed one; the first one the go-live month when it is
 * configured), only once it has ended, building a draft statement per provider and region from the month's lines.
 * <p>
 * The close itself is calendar-wide, not a region's: one close of a month issues every region's statements at once
 * (each region's bureau then sees only its own), and the one {@code MonthClosed} it publishes moves every wallet to
 * the next month's credit. The accounting month is the same in both regions, and a close per region would need a
 * {@code MonthClosed} per region that the wallets do not read; so the scheduler, or any region's bureau by hand,
 * closes an ended month for both.
 */
@Service
public class MonthClose {

    private final JdbcClient jdbc;
    private final Outbox outbox;
    private final Clock clock;
    /** The first month the platform settles ({@code eldercare.settlement.go-live-month}); none: the first close. */
    private final YearMonth goLive;

    @Autowired
    MonthClose(JdbcClient jdbc, Outbox outbox, Clock clock,
            @Value("${eldercare.settlement.go-live-month:}") String goLive) {
        this(jdbc, outbox, clock, goLive == null || goLive.isBlank() ? null : YearMonth.parse(goLive));
    }

    /** With the go-live month given (null: none). */
    public MonthClose(JdbcClient jdbc, Outbox outbox, Clock clock, YearMonth goLive) {
        this.goLive = goLive;
        this.jdbc = jdbc;
        this.outbox = outbox;
        this.clock = clock;
    }

    /** A statement as issued: a provider's lines of one region (none for lines written before regions were kept). */
    public record Issued(UUID statementId, UUID providerId, String region, int lineCount, long amountFen,
            long subsidyFen, long selfPayFen) {
    }

    /** What a close produced. */
    public record Closed(YearMonth month, List<Issued> statements) {
    }

    /**
     * Closes the month unless it is closed already (then {@code month-already-closed}); a month still running
     * cannot be closed.
     */
    @Transactional
    public Closed close(YearMonth month, String closedBy) {
        if (!month.isBefore(YearMonth.now(clock))) {
            throw Refusal.invalid("month-not-over", "Month not over",
                    month + " has not ended yet (today is " + LocalDate.now(clock)
                            + " in Asia/Shanghai); a month is closed from the 1st of the next.");
        }
        // closes queue up, so each sees the one before it
        jdbc.sql("LOCK TABLE month_close IN SHARE ROW EXCLUSIVE MODE").update();
        YearMonth next = nextToClose();
        if (next != null && month.isBefore(next) && isClosed(month)) {
            throw Refusal.conflict("month-already-closed", "Month already closed",
                    month + " is already closed; statements are issued once.");
        }
        if (next != null && !month.equals(next)) {
            throw Refusal.invalid("month-out-of-order", "Months close in order",
                    "The next month to close is " + next + ", not " + month + (goLive != null && month.isBefore(goLive)
                            ? " (the platform settles from " + goLive + ")" : "") + ".");
        }
        int inserted = jdbc.sql("""
                INSERT INTO month_close (month, closed_at, closed_by) VALUES (?, ?, ?) ON CONFLICT DO NOTHING""")
                .params(month.toString(), Timestamp.from(clock.instant()), closedBy).update();
        if (inserted == 0) {
            throw Refusal.conflict("month-already-closed", "Month already closed",
                    month + " is already closed; statements are issued once.");
        }
        List<Issued> statements = jdbc.sql("""
                SELECT provider_id, region, count(*) AS line_count, sum(amount_fen) AS amount,
                       sum(subsidy_fen) AS subsidy, sum(self_pay_fen) AS self_pay
                FROM statement_line WHERE month = ? GROUP BY provider_id, region ORDER BY provider_id, region""")
                .param(month.toString())
                .query((rs, n) -> new Issued(UUID.randomUUID(), rs.getObject("provider_id", UUID.class),
                        rs.getString("region"), rs.getInt("line_count"), rs.getLong("amount"), rs.getLong("subsidy"),
                        rs.getLong("self_pay")))
                .list();
        outbox.publish(new MonthClosed(month, clock.instant()));
        for (Issued s : statements) {
            jdbc.sql("""
                    INSERT INTO statement (id, provider_id, month, status, line_count, amount_fen, subsidy_fen,
                                           self_pay_fen, issued_at, region)
                    VALUES (?, ?, ?, 'DRAFT', ?, ?, ?, ?, ?, ?)""")
                    .params(s.statementId(), s.providerId(), month.toString(), s.lineCount(), s.amountFen(),
                            s.subsidyFen(), s.selfPayFen(), Timestamp.from(clock.instant()), s.region())
                    .update();
            // StatementIssued v1 has no region, and a field added to v1 would leave every v1 event already on the log
            // without it: the region comes with a v2 when a consumer needs it (two statements of one provider and
            // month now differ by their ids and totals; the region is in this service's answer)
            outbox.publish(new StatementIssued(s.statementId(), s.providerId(), month, s.lineCount(), s.amountFen(),
                    s.subsidyFen(), s.selfPayFen()));
        }
        return new Closed(month, statements);
    }

    /**
     * The month to close next: the one after the latest closed month, or the go-live month while none is closed
     * (null: no month closed and no go-live configured, so any ended month may be the first).
     */
    public YearMonth nextToClose() {
        return jdbc.sql("SELECT max(month) FROM month_close").query(String.class).optional()
                .map(latest -> YearMonth.parse(latest).plusMonths(1)).orElse(goLive);
    }

    private boolean isClosed(YearMonth month) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM month_close WHERE month = ?)").param(month.toString())
                .query(Boolean.class).single();
    }

    /** The month a completed order is settled in: its service month, or the first open month after it. */
    public YearMonth settlementMonthFor(YearMonth serviceMonth) {
        String firstOpen = jdbc.sql("""
                SELECT to_char(m, 'YYYY-MM') FROM generate_series(to_date(?, 'YYYY-MM'),
                       to_date(?, 'YYYY-MM') + interval '10 years', interval '1 month') AS m
                WHERE to_char(m, 'YYYY-MM') NOT IN (SELECT month FROM month_close) ORDER BY m LIMIT 1""")
                .params(serviceMonth.toString(), serviceMonth.toString()).query(String.class).single();
        return YearMonth.parse(firstOpen);
    }
}
