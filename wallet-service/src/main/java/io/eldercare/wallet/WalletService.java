package io.eldercare.wallet;

import io.eldercare.events.FundsCaptured;
import io.eldercare.events.FundsHeld;
import io.eldercare.events.HoldReleased;
import io.eldercare.events.ResetRule;
import io.eldercare.events.SubsidyCredited;
import io.eldercare.events.SubsidyExpired;
import io.eldercare.events.WalletOpened;
import io.eldercare.platform.domain.Refusal;
import io.eldercare.platform.messaging.Outbox;
import io.eldercare.wallet.ledger.Hold;
import io.eldercare.wallet.ledger.HoldRepository;
import io.eldercare.wallet.ledger.LedgerEntry;
import io.eldercare.wallet.ledger.LedgerEntryRepository;
import io.eldercare.wallet.ledger.Posting;
import io.eldercare.wallet.ledger.Wallet;
import io.eldercare.wallet.ledger.WalletRepository;
import jakarta.persistence.EntityManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** Wallet operations; each runs in the caller's transaction (an HTTP request or an event delivery). */
@Service
@Transactional(propagation = Propagation.REQUIRED)
public class WalletService {

    private static final Logger log = LoggerFactory.getLogger(WalletService.class);

    private final WalletRepository wallets;
    private final HoldRepository holds;
    private final LedgerEntryRepository ledger;
    private final JdbcClient jdbc;
    private final Outbox outbox;
    private final Clock clock;
    private final EntityManager entityManager;
    private final PolicyTerms policies;

    WalletService(WalletRepository wallets, HoldRepository holds, LedgerEntryRepository ledger, JdbcClient jdbc,
            Outbox outbox, Clock clock, EntityManager entityManager, PolicyTerms policies) {
        this.policies = policies;
        this.entityManager = entityManager;
        this.wallets = wallets;
        this.holds = holds;
        this.ledger = ledger;
        this.jdbc = jdbc;
        this.outbox = outbox;
        this.clock = clock;
    }

    /**
     * Opens an approved elder's wallet and credits the month of the service start under the pack's first-month rule;
     * later months follow from {@link MonthlyCredit} once their predecessor is closed (an approval that arrives late
     * loses nothing). A later approval of the same elder (another category, community or policy) changes the wallet
     * from the next month it is credited; money already credited or held stays as it was.
     */
    public Optional<Wallet> open(UUID elderId, String category, String communityCode, PolicyTerms.Terms terms,
            LocalDate serviceStart) {
        Optional<Wallet> existing = wallets.lockByElderId(elderId);
        if (existing.isPresent()) {
            Wallet wallet = existing.get();
            boolean reopened = wallet.reopen(serviceStart);
            if (wallet.reapprove(terms.code(), category, communityCode, terms.resetRule()) || reopened) {
                wallets.save(wallet);
                log.info("wallet {} follows a new approval from its next credited month", wallet.id());
            }
            if (reopened) {
                // served again after a termination: the month of the new start, unless it was credited already
                creditMonth(wallet, YearMonth.from(serviceStart), terms.firstMonthAllowance(category, serviceStart));
            }
            return Optional.empty();
        }
        Wallet wallet = wallets.save(new Wallet(elderId, terms.code(), category, terms.resetRule(), serviceStart,
                communityCode, clock.instant()));
        entityManager.flush(); // the month's credit row below is written with JDBC and references the wallet
        outbox.publish(new WalletOpened(wallet.id(), elderId, terms.code(), serviceStart));
        creditMonth(wallet, YearMonth.from(serviceStart), terms.firstMonthAllowance(category, serviceStart));
        return Optional.of(wallet);
    }

    /**
     * Closes a terminated elder's wallet, once: no more holds or credits; under the pack's reset-on-termination rule
     * what is available expires (SubsidyExpired, TERMINATED); orders still waiting for a month are never held; money
     * held for orders already placed stays held for their capture, and expires if it comes back.
     */
    public boolean terminate(UUID elderId, LocalDate on, boolean resetOnTermination) {
        Optional<Wallet> found = wallets.lockByElderId(elderId);
        if (found.isEmpty() || !found.get().close()) {
            return false;
        }
        Wallet wallet = found.get();
        if (resetOnTermination) {
            long expired = wallet.availableFen();
            record(wallet, wallet.expire(expired, "termination " + on));
            outbox.publish(new SubsidyExpired(wallet.id(), wallet.elderId(), on, expired, "TERMINATED", null,
                    wallet.availableFen(), wallet.heldFen()));
        }
        for (Hold waiting : holds.findByWalletIdAndStatusOrderByCreatedAt(wallet.id(), Hold.Status.WAITING)) {
            waiting.settle(Hold.Status.RELEASED, clock.instant());
            holds.save(waiting);
        }
        wallets.save(wallet);
        return true;
    }

    /** Records that the settlement calendar closed a month; true the first time. */
    public boolean recordClosed(YearMonth month, Instant closedAt) {
        return jdbc.sql("INSERT INTO closed_month (month, closed_at) VALUES (?, ?) ON CONFLICT DO NOTHING")
                .params(month.toString(), Timestamp.from(closedAt)).update() == 1;
    }

    /** A wallet whose next month is due: its latest credited month is closed. */
    public record Due(UUID walletId, String policyCode, String category, YearMonth month) {
    }

    /** Up to {@code limit} open wallets after {@code after} (by id) whose next month is due. */
    @Transactional(readOnly = true)
    public List<Due> dueAfter(UUID after, int limit) {
        return jdbc.sql("""
                SELECT w.id, w.policy_code, w.category, w.credited_through FROM wallet w
                JOIN closed_month m ON m.month = w.credited_through
                WHERE w.status = 'OPEN' AND w.id > ? ORDER BY w.id LIMIT ?""")
                .params(after, limit).query(WalletService::due).list();
    }

    /** The wallet's next month, if it is due. */
    @Transactional(readOnly = true)
    public Optional<Due> dueOf(UUID walletId) {
        return jdbc.sql("""
                SELECT w.id, w.policy_code, w.category, w.credited_through FROM wallet w
                JOIN closed_month m ON m.month = w.credited_through WHERE w.status = 'OPEN' AND w.id = ?""")
                .param(walletId).query(WalletService::due).optional();
    }

    private static Due due(ResultSet rs, int row) throws SQLException {
        return new Due(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
                YearMonth.parse(rs.getString(4)).plusMonths(1));
    }

    /**
     * Credits the due month to one wallet under the pack version in force in that month, unless another run
     * already did; locks the wallet. True when it credited.
     */
    public boolean creditDue(Due due, long allowanceFen) {
        Wallet wallet = wallets.lockById(due.walletId()).orElseThrow();
        if (wallet.status() != Wallet.Status.OPEN || wallet.creditedThrough() == null
                || !wallet.creditedThrough().plusMonths(1).equals(due.month())) {
            return false;
        }
        return creditMonth(wallet, due.month(), allowanceFen);
    }

    /** Credits the month unless it already was; true when it did. */
    private boolean creditMonth(Wallet wallet, YearMonth month, long allowanceFen) {
        int inserted = jdbc.sql("""
                INSERT INTO wallet_credit (wallet_id, month, amount_fen, expired_fen, credited_at)
                VALUES (?, ?, 0, 0, ?) ON CONFLICT DO NOTHING""")
                .params(wallet.id(), month.toString(), Timestamp.from(clock.instant())).update();
        if (inserted == 0) {
            log.info("month {} already credited to wallet {}", month, wallet.id());
            return false;
        }
        Wallet.Credit credit = wallet.credit(month, allowanceFen);
        jdbc.sql("UPDATE wallet_credit SET amount_fen = ?, expired_fen = ? WHERE wallet_id = ? AND month = ?")
                .params(credit.amountFen(), credit.expiredFen(), wallet.id(), month.toString()).update();
        record(wallet, credit.postings());
        wallets.save(wallet);
        outbox.publish(new SubsidyCredited(wallet.id(), wallet.elderId(), month, credit.amountFen(),
                credit.expiredFen(), wallet.availableFen(), wallet.heldFen()));
        fundWaiting(wallet);
        return true;
    }

    /** Holds, oldest first, every waiting order of the wallet whose money period has now begun. */
    private void fundWaiting(Wallet wallet) {
        for (Hold hold : holds.findByWalletIdAndStatusOrderByCreatedAt(wallet.id(), Hold.Status.WAITING)) {
            if (wallet.periodBegun(hold.serviceDate(), day -> clearedOn(wallet, day))) {
                PolicyTerms.Terms terms = policies.inForceOn(wallet.policyCode(), hold.serviceDate());
                wallet.fund(hold, terms.payment(), dayUsage(wallet, hold.serviceDate()));
                holds.save(hold);
                record(wallet, hold.openingPostings());
                wallets.save(wallet);
                publishHeld(wallet, hold);
            }
        }
    }

    private boolean clearedOn(Wallet wallet, LocalDate day) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM wallet_expiry WHERE wallet_id = ? AND on_date = ?)")
                .params(wallet.id(), day).query(Boolean.class).single();
    }

    private boolean periodEnded(Wallet wallet, LocalDate serviceDay) {
        return wallet.periodEnded(serviceDay, day -> clearedAfter(wallet, day));
    }

    private boolean clearedAfter(Wallet wallet, LocalDate day) {
        return jdbc.sql("""
                SELECT EXISTS (SELECT 1 FROM wallet_expiry WHERE wallet_id = ? AND on_date > ?
                               AND reason = 'ANNIVERSARY')""")
                .params(wallet.id(), day).query(Boolean.class).single();
    }

    private Wallet.DayUsage dayUsage(Wallet wallet, LocalDate serviceDay) {
        return jdbc.sql("""
                SELECT coalesce(sum(subsidy_fen), 0), count(*) FILTER (WHERE meal AND subsidy_fen > 0) FROM hold
                WHERE wallet_id = ? AND service_date = ? AND status IN ('HELD', 'CAPTURED')""")
                .params(wallet.id(), serviceDay)
                .query((rs, n) -> new Wallet.DayUsage(rs.getLong(1), rs.getInt(2))).single();
    }

    private void publishHeld(Wallet wallet, Hold hold) {
        outbox.publish(new FundsHeld(wallet.id(), wallet.elderId(), hold.orderId(), hold.serviceDate(),
                hold.listAmountFen(), hold.discountFen(), hold.subsidyFen(), hold.selfPayFen(), wallet.availableFen(),
                wallet.heldFen()));
    }

    /**
     * Takes back {@code amountFen} of an order's held subsidy: to the balance while the order's money period runs,
     * out of the wallet (expired, with the reason) once that period was reset or cleared.
     */
    private void giveBack(Wallet wallet, Hold hold, long amountFen, String releaseReason) {
        if (amountFen <= 0) {
            return;
        }
        if (wallet.periodEnded(hold, day -> clearedAfter(wallet, day))) {
            ResetRule rule = hold.resetRule() != null ? hold.resetRule() : wallet.resetRule();
            String reason = wallet.status() == Wallet.Status.CLOSED ? "RELEASED_AFTER_CLOSING"
                    : rule == ResetRule.MONTHLY ? "RELEASED_AFTER_RESET" : "RELEASED_AFTER_CLEARING";
            record(wallet, wallet.expireHeld(hold, amountFen));
            outbox.publish(new SubsidyExpired(wallet.id(), wallet.elderId(), LocalDate.now(clock), amountFen, reason,
                    hold.orderId(), wallet.availableFen(), wallet.heldFen()));
        } else {
            record(wallet, wallet.release(hold, amountFen));
            outbox.publish(new HoldReleased(wallet.id(), wallet.elderId(), hold.orderId(), amountFen, releaseReason,
                    wallet.availableFen(), wallet.heldFen()));
        }
    }

    /**
     * Authorises an order: the subsidy part is held (within the pack's per-order and per-day caps), the rest is
     * self-pay at the pack's discount, plus any delivery fee. Repeating it returns the same hold.
     */
    public Hold hold(UUID orderId, UUID elderId, Order order) {
        // the caller gives up after its deadline: wait no longer for the wallet's lock than that (503 after)
        jdbc.sql("SET LOCAL lock_timeout = '2s'").update();
        Wallet wallet = wallets.lockByElderId(elderId).orElseThrow(() -> Refusal.invalid(
                "no-wallet", "No subsidy wallet",
                "Elder " + elderId + " has no open subsidy wallet: the application is not approved yet."));
        if (order.category() != null && wallet.category() != null && !order.category().equals(wallet.category())) {
            throw Refusal.invalid("category-mismatch", "Not the wallet's category",
                    "The order is for category " + order.category() + " but elder " + elderId + "'s wallet is "
                            + wallet.category() + "; the order was quoted from an out-of-date approval.");
        }
        if (order.serviceDate().isBefore(wallet.anniversary())) {
            throw Refusal.invalid("before-service-start", "Before the service start",
                    "Elder " + elderId + " is served from " + wallet.anniversary() + "; an order for "
                            + order.serviceDate() + " is not paid from this wallet.");
        }
        PolicyTerms.Terms terms = policies.inForceOn(wallet.policyCode(), order.serviceDate());
        Wallet.Charge charge = new Wallet.Charge(order.listAmountFen(), terms.deliveryFeeFor(order.delivered()),
                order.serviceDate(), order.meal());
        if (jdbc.sql("SELECT EXISTS (SELECT 1 FROM released_order WHERE order_id = ?)").param(orderId)
                .query(Boolean.class).single()) {
            throw Refusal.conflict("order-cancelled", "Order already cancelled",
                    "Order " + orderId + " was cancelled before it was held; place a new order.");
        }
        Optional<Hold> existing = holds.findById(orderId);
        if (existing.isPresent()) {
            Hold hold = existing.get();
            if (hold.listAmountFen() != charge.amountFen() + charge.deliveryFeeFen()
                    || !hold.walletId().equals(wallet.id()) || !hold.serviceDate().equals(charge.serviceDate())) {
                throw Refusal.conflict("hold-mismatch", "Order already held differently",
                        "Order " + orderId + " already holds " + hold.listAmountFen() + " fen on "
                                + hold.serviceDate() + " for another wallet, amount or day; a hold is not changed,"
                                + " cancel the order instead.");
            }
            if (hold.status() == Hold.Status.RELEASED) {
                throw Refusal.conflict("order-cancelled", "Order already cancelled",
                        "Order " + orderId + " was cancelled and its subsidy given back; place a new order.");
            }
            return hold;
        }
        if (wallet.status() != Wallet.Status.OPEN) {
            throw Refusal.invalid("wallet-closed", "Wallet closed",
                    "The subsidy wallet of elder " + elderId + " is closed.");
        }
        if (periodEnded(wallet, charge.serviceDate())) {
            throw Refusal.invalid("period-reset", "That month's subsidy is gone",
                    "The subsidy for " + charge.serviceDate() + " was " + (wallet.resetRule() == ResetRule.MONTHLY
                            ? "reset when the next month was credited (当月清零不累计)"
                            : "cleared on the anniversary (在周年对应日清零)")
                            + "; an order for that day cannot be paid from the subsidy any more.");
        }
        if (!wallet.periodBegun(charge.serviceDate(), day -> clearedOn(wallet, day))) {
            // an order for a later month waits for that month's money instead of taking this month's
            Hold waiting = holds.save(wallet.waitingHold(orderId, charge, clock.instant()));
            log.info("order {} waits for the money of {}", orderId, YearMonth.from(charge.serviceDate()));
            return waiting;
        }
        Hold hold = wallet.hold(orderId, charge, terms.payment(), dayUsage(wallet, charge.serviceDate()),
                clock.instant());
        holds.save(hold);
        record(wallet, hold.openingPostings());
        wallets.save(wallet);
        publishHeld(wallet, hold);
        return hold;
    }

    /**
     * Spends a completed order's subsidy and records its self-pay part; a repeat changes nothing. What a capture below
     * the hold leaves goes back (or expires, when the order's month has been reset since).
     */
    public void capture(UUID orderId, long subsidyFen, long selfPayFen) {
        Hold hold = holds.findById(orderId).orElseThrow(() -> new IllegalStateException(
                "order " + orderId + " completed without a hold"));
        Wallet wallet = wallets.lockById(hold.walletId()).orElseThrow();
        if (hold.waiting()) {
            fundWaiting(wallet);
            if (hold.waiting()) {
                // retried with backoff: the month's credit is due once the month before it closes
                throw new FundsNotHeldYetException("order " + orderId + " completed before the money of "
                        + YearMonth.from(hold.serviceDate()) + " was credited; its capture waits");
            }
        }
        // a service delivered for less than was held (a shorter visit) is paid for what it was; never for more
        if (subsidyFen < 0 || selfPayFen < 0 || subsidyFen > hold.subsidyFen()
                || subsidyFen + selfPayFen > hold.amountFen()) {
            throw new IllegalStateException("order " + orderId + " completed with " + subsidyFen + "+" + selfPayFen
                    + " fen but held only " + hold.subsidyFen() + "+" + hold.selfPayFen());
        }
        if (hold.status() == Hold.Status.RELEASED) {
            // the order was cancelled (or given up) and its money went back: a completion now cannot be paid from
            // the subsidy; parked for the bureau to look at, never dropped quietly
            throw new IllegalStateException("order " + orderId + " completed after its hold was released");
        }
        if (!hold.settle(Hold.Status.CAPTURED, clock.instant())) {
            log.info("hold of order {} already {}", orderId, hold.status());
            return;
        }
        long unspent = hold.subsidyFen() - subsidyFen;
        record(wallet, wallet.capture(hold, subsidyFen));
        if (selfPayFen > 0) {
            jdbc.sql("INSERT INTO self_pay (order_id, wallet_id, amount_fen, recorded_at) VALUES (?, ?, ?, ?)")
                    .params(orderId, wallet.id(), selfPayFen, Timestamp.from(clock.instant()))
                    .update();
        }
        outbox.publish(new FundsCaptured(wallet.id(), wallet.elderId(), orderId, subsidyFen, selfPayFen,
                wallet.availableFen(), wallet.heldFen()));
        giveBack(wallet, hold, unspent, "DELIVERED_FOR_LESS");
        holds.save(hold);
        wallets.save(wallet);
    }

    /** A completed order's hold still waits for its month's money; the delivery is retried, not parked. */
    static class FundsNotHeldYetException extends RuntimeException {
        FundsNotHeldYetException(String message) {
            super(message);
        }
    }

    /** What an order asks the wallet to pay: its market price and the facts the pack's payment rules look at. */
    public record Order(LocalDate serviceDate, String itemCode, long listAmountFen, int quantity, String category,
            boolean meal, boolean delivered) {
    }

    /**
     * Gives a cancelled order's subsidy back; a repeat, or a release after capture, changes nothing. An order
     * cancelled before its hold arrived is remembered (under the wallet's lock), so a late hold is refused.
     */
    public void release(UUID orderId, UUID elderId) {
        Optional<Hold> found = holds.findById(orderId);
        if (found.isEmpty()) {
            wallets.lockByElderId(elderId).ifPresent(wallet -> {
                if (holds.findById(orderId).isEmpty()) {
                    jdbc.sql("""
                            INSERT INTO released_order (order_id, wallet_id, released_at) VALUES (?, ?, ?)
                            ON CONFLICT DO NOTHING""")
                            .params(orderId, wallet.id(), Timestamp.from(clock.instant())).update();
                } else {
                    release(orderId, elderId);
                }
            });
            return;
        }
        Hold hold = found.get();
        Wallet wallet = wallets.lockById(hold.walletId()).orElseThrow();
        boolean held = !hold.waiting();
        if (hold.settle(Hold.Status.RELEASED, clock.instant())) {
            if (held) {
                giveBack(wallet, hold, hold.subsidyFen(), "CANCELLED");
            }
            holds.save(hold);
            wallets.save(wallet);
        }
    }

    /**
     * The open ANNIVERSARY wallets whose anniversary is {@code day} (29 February falls on 28 in common years) and that
     * have not been cleared for it yet.
     */
    @Transactional(readOnly = true)
    public List<UUID> anniversariesOn(LocalDate day) {
        return jdbc.sql("""
                SELECT id FROM wallet w WHERE reset_rule = 'ANNIVERSARY' AND status = 'OPEN'
                  AND (extract(month FROM anniversary) = ? AND extract(day FROM anniversary) = ?
                       OR (? AND extract(month FROM anniversary) = 2 AND extract(day FROM anniversary) = 29))
                  AND NOT EXISTS (SELECT 1 FROM wallet_expiry e WHERE e.wallet_id = w.id AND e.on_date = ?)
                ORDER BY id""")
                .params(day.getMonthValue(), day.getDayOfMonth(),
                        day.getMonthValue() == 2 && day.getDayOfMonth() == 28 && !day.isLeapYear(), day)
                .query(UUID.class).list();
    }

    /**
     * Clears one wallet on its anniversary {@code day}, once: what was left before the day expires; a month's
     * allowance credited on the day itself (the 1st) stays. True when it cleared.
     */
    public boolean clearOnAnniversary(UUID walletId, LocalDate day) {
        Instant startOfDay = day.atStartOfDay(clock.getZone()).toInstant();
        Wallet wallet = wallets.lockById(walletId).orElseThrow();
        if (!Wallet.isAnniversary(wallet.anniversary(), day)) {
            return false;
        }
        long creditedToday = jdbc.sql("""
                SELECT coalesce(sum(amount_fen), 0) FROM wallet_credit WHERE wallet_id = ? AND credited_at >= ?""")
                .params(walletId, Timestamp.from(startOfDay)).query(Long.class).single();
        long expired = Math.max(0, wallet.availableFen() - creditedToday);
        if (jdbc.sql("""
                INSERT INTO wallet_expiry (wallet_id, on_date, reason, amount_fen, expired_at)
                VALUES (?, ?, 'ANNIVERSARY', ?, ?) ON CONFLICT DO NOTHING""")
                .params(walletId, day, expired, Timestamp.from(clock.instant())).update() == 0) {
            return false;
        }
        record(wallet, wallet.expire(expired, "anniversary " + day));
        wallets.save(wallet);
        outbox.publish(new SubsidyExpired(wallet.id(), wallet.elderId(), day, expired, "ANNIVERSARY", null,
                wallet.availableFen(), wallet.heldFen()));
        fundWaiting(wallet);
        return true;
    }

    private void record(Wallet wallet, List<Posting> postings) {
        for (Posting posting : postings) {
            LedgerEntry.of(wallet.id(), posting, clock.instant()).forEach(ledger::save);
        }
    }
}
