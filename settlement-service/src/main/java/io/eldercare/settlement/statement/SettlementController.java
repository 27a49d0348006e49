package io.eldercare.settlement.statement;

import io.eldercare.platform.security.Actor;
import io.eldercare.platform.security.Role;
import io.eldercare.platform.web.DomainException;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The operator's month close, and statements for the bureau and providers. */
@RestController
public class SettlementController {

    private final MonthClose monthClose;
    private final JdbcClient jdbc;

    SettlementController(MonthClose monthClose, JdbcClient jdbc) {
        this.monthClose = monthClose;
        this.jdbc = jdbc;
    }

    /** A statement line: one completed order. */
    public record LineView(UUID orderId, UUID elderId, String itemCode, String unit, long unitPriceFen, int quantity,
            long amountFen, long subsidyFen, long selfPayFen, LocalDate serviceDate, String verification) {
    }

    /** A provider's statement of one region with its lines. */
    public record StatementView(UUID id, UUID providerId, String region, String month, String status, int lineCount,
            long amountFen, long subsidyFen, long selfPayFen, List<LineView> lines) {

        StatementView withLines(List<LineView> lines) {
            return new StatementView(id, providerId, region, month, status, lineCount, amountFen, subsidyFen,
                    selfPayFen, lines);
        }
    }

    /**
     * Which statements a caller sees: the region claim bounds them as every other read (a region's bureau, auditor
     * and assessor see their region's statements only, a provider its own, and only its region's when its token
     * carries one). A line or statement from before regions were kept has none and is shown as it was before, by
     * the rule of {@link Actor#inRegion}; every line written since carries its region.
     */
    private static final String IN_SCOPE = """
            month = :month AND (CAST(:provider AS uuid) IS NULL OR provider_id = :provider)
            AND (CAST(:region AS varchar) IS NULL OR region IS NULL OR region = :region)""";

    /**
     * The bureau closes an ended month for the whole calendar, both regions' statements at once (see
     * {@link MonthClose}): the close is the accounting calendar's, what it issues is bounded by region when read.
     */
    @PostMapping("/months/{month}/close")
    @ResponseStatus(HttpStatus.CREATED)
    public MonthClose.Closed close(@PathVariable String month) {
        Actor actor = Actor.current().require(Role.DISTRICT_ADMIN);
        return monthClose.close(parse(month), actor.subject());
    }

    @GetMapping("/statements")
    @Transactional(readOnly = true)
    public List<StatementView> statements(@RequestParam String month,
            @RequestParam(required = false) UUID providerId) {
        Actor actor = Actor.current().require(Role.DISTRICT_ADMIN, Role.AUDITOR, Role.ASSESSOR,
                Role.PROVIDER_ADMIN);
        if (actor.is(Role.PROVIDER_ADMIN)) {
            if (providerId != null && !providerId.equals(actor.provider())) {
                throw new DomainException(HttpStatus.FORBIDDEN, "outside-your-scope", "Not your provider",
                        "You see the statements of provider " + actor.provider() + " only.");
            }
            providerId = actor.provider();
        }
        YearMonth m = parse(month);
        boolean closed = jdbc.sql("SELECT EXISTS (SELECT 1 FROM month_close WHERE month = ?)").param(m.toString())
                .query(Boolean.class).single();
        if (!closed) {
            return running(m, providerId, actor.boundingRegion());
        }
        return jdbc.sql("""
                SELECT id, provider_id, region, month, status, line_count, amount_fen, subsidy_fen, self_pay_fen
                FROM statement WHERE\s""" + IN_SCOPE + " ORDER BY provider_id, region")
                .param("month", m.toString()).param("provider", providerId).param("region", actor.boundingRegion())
                .query((rs, n) -> new StatementView(rs.getObject("id", UUID.class),
                        rs.getObject("provider_id", UUID.class), rs.getString("region"), rs.getString("month"),
                        rs.getString("status"), rs.getInt("line_count"), rs.getLong("amount_fen"),
                        rs.getLong("subsidy_fen"), rs.getLong("self_pay_fen"), null))
                .list().stream()
                .map(s -> s.withLines(lines(s.providerId(), s.region(), m)))
                .toList();
    }

    /**
     * A month not closed yet: each provider's lines so far, as status RUNNING and without an id (no statement is issued
     * until the month has ended and is closed; lines of a late capture may still join it).
     */
    private List<StatementView> running(YearMonth month, UUID providerId, String region) {
        return jdbc.sql("""
                SELECT provider_id, region, count(*) AS line_count, sum(amount_fen) AS amount_fen,
                       sum(subsidy_fen) AS subsidy_fen, sum(self_pay_fen) AS self_pay_fen
                FROM statement_line WHERE\s""" + IN_SCOPE
                + " GROUP BY provider_id, region ORDER BY provider_id, region")
                .param("month", month.toString()).param("provider", providerId).param("region", region)
                .query((rs, n) -> new StatementView(null, rs.getObject("provider_id", UUID.class),
                        rs.getString("region"), month.toString(), "RUNNING", rs.getInt("line_count"),
                        rs.getLong("amount_fen"), rs.getLong("subsidy_fen"), rs.getLong("self_pay_fen"), null))
                .list().stream()
                .map(s -> s.withLines(lines(s.providerId(), s.region(), month)))
                .toList();
    }

    /** The lines of one statement: its provider's, of its month and its region. */
    private List<LineView> lines(UUID providerId, String region, YearMonth month) {
        return jdbc.sql("""
                SELECT order_id, elder_id, item_code, unit, unit_price_fen, quantity, amount_fen, subsidy_fen,
                       self_pay_fen, service_date, verification
                FROM statement_line
                WHERE provider_id = ? AND month = ? AND region IS NOT DISTINCT FROM CAST(? AS varchar)
                ORDER BY service_date, order_id""")
                .params(providerId, month.toString(), region)
                .query((rs, n) -> new LineView(rs.getObject("order_id", UUID.class),
                        rs.getObject("elder_id", UUID.class), rs.getString("item_code"), rs.getString("unit"),
                        rs.getLong("unit_price_fen"), rs.getInt("quantity"), rs.getLong("amount_fen"),
                        rs.getLong("subsidy_fen"), rs.getLong("self_pay_fen"),
                        rs.getObject("service_date", LocalDate.class), rs.getString("verification")))
                .list();
    }

    private static YearMonth parse(String month) {
        try {
            return YearMonth.parse(month);
        } catch (DateTimeParseException e) {
            throw new DomainException(HttpStatus.BAD_REQUEST, "invalid-month", "Invalid month",
                    "'" + month + "' is not a month; write it as 2026-11.");
        }
    }
}
