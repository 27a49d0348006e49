package io.eldercare.wallet;

import io.eldercare.platform.security.Actor;
import io.eldercare.platform.security.Role;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The ledger's own proof, for auditors: every wallet's balances equal the sum of its entries, and every posting's
 * entries sum to zero. Runs nightly (metric {@code eldercare.wallet.ledger.discrepancies}, 0 when all is well) and on
 * demand at {@code GET /audit/ledger-check}.
 */
@RestController
class LedgerCheck {

    private static final Logger log = LoggerFactory.getLogger(LedgerCheck.class);

    /** A wallet whose recorded balance is not the sum of its entries in that account. */
    record BalanceMismatch(UUID walletId, String account, long recordedFen, long entriesFen) {
    }

    /** A posting whose entries do not sum to zero. */
    record UnbalancedPosting(UUID postingId, long sumFen) {
    }

    /** The outcome of one check. */
    record Report(Instant checkedAt, long wallets, long postings, List<BalanceMismatch> balanceMismatches,
            List<UnbalancedPosting> unbalancedPostings) {

        long discrepancies() {
            return balanceMismatches.size() + unbalancedPostings.size();
        }
    }

    private final JdbcClient jdbc;
    private final Clock clock;
    private final AtomicLong lastDiscrepancies = new AtomicLong();

    LedgerCheck(JdbcClient jdbc, Clock clock, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.clock = clock;
        Gauge.builder("eldercare.wallet.ledger.discrepancies", lastDiscrepancies, AtomicLong::get)
                .description("balances that differ from their entries and postings that do not sum to zero, as"
                        + " found by the latest ledger check")
                .register(meters);
    }

    @Scheduled(cron = "${eldercare.wallet.ledger-check-cron:0 30 2 * * *}", zone = "Asia/Shanghai")
    @SchedulerLock(name = "wallet-ledger-check", lockAtMostFor = "PT1H")
    public void nightly() {
        Report report = check();
        if (report.discrepancies() > 0) {
            log.error("ledger check: {} discrepancies ({} balances, {} postings)", report.discrepancies(),
                    report.balanceMismatches().size(), report.unbalancedPostings().size());
        } else {
            log.info("ledger check: {} wallets and {} postings agree", report.wallets(), report.postings());
        }
    }

    @GetMapping("/audit/ledger-check")
    public Report onDemand() {
        Actor.current().require(Role.AUDITOR, Role.DISTRICT_ADMIN);
        return check();
    }

    /** Each query is one statement, so each sees one snapshot of the ledger. */
    Report check() {
        List<BalanceMismatch> balances = jdbc.sql("""
                SELECT w.id, a.account, CASE a.account WHEN 'AVAILABLE' THEN w.available_fen ELSE w.held_fen END,
                       coalesce(sum(e.amount_fen), 0)
                FROM wallet w CROSS JOIN (VALUES ('AVAILABLE'), ('HELD')) AS a (account)
                LEFT JOIN ledger_entry e ON e.wallet_id = w.id AND e.account = a.account
                GROUP BY w.id, a.account, w.available_fen, w.held_fen
                HAVING CASE a.account WHEN 'AVAILABLE' THEN w.available_fen ELSE w.held_fen END
                       <> coalesce(sum(e.amount_fen), 0)""")
                .query((rs, n) -> new BalanceMismatch(rs.getObject(1, UUID.class), rs.getString(2), rs.getLong(3),
                        rs.getLong(4)))
                .list();
        List<UnbalancedPosting> postings = jdbc.sql("""
                SELECT posting_id, sum(amount_fen) FROM ledger_entry GROUP BY posting_id HAVING sum(amount_fen) <> 0""")
                .query((rs, n) -> new UnbalancedPosting(rs.getObject(1, UUID.class), rs.getLong(2))).list();
        long wallets = jdbc.sql("SELECT count(*) FROM wallet").query(Long.class).single();
        long postingCount = jdbc.sql("SELECT count(DISTINCT posting_id) FROM ledger_entry").query(Long.class).single();
        Report report = new Report(clock.instant(), wallets, postingCount, balances, postings);
        lastDiscrepancies.set(report.discrepancies());
        return report;
    }
}
