package io.eldercare.wallet.ledger;

import io.eldercare.events.ResetRule;
import io.eldercare.platform.money.SelfPay;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * An elder's subsidy wallet. Every change is a {@link Posting}; the available and held balances are the running
 * totals of those postings and never go below zero.
 */
@Entity
@Table(name = "wallet")
public class Wallet {

    /** A wallet is closed on termination. */
    public enum Status { OPEN, CLOSED }

    /** The outcome of a month's credit. */
    public record Credit(YearMonth month, long amountFen, long expiredFen, List<Posting> postings) {
    }

    @Id
    private UUID id;
    @Column(name = "elder_id")
    private UUID elderId;
    @Column(name = "policy_code")
    private String policyCode;
    @Enumerated(EnumType.STRING)
    @Column(name = "reset_rule")
    private ResetRule resetRule;
    private LocalDate anniversary;
    @Column(name = "community_code")
    private String communityCode;
    private String category;
    @Column(name = "available_fen")
    private long availableFen;
    @Column(name = "held_fen")
    private long heldFen;
    @Enumerated(EnumType.STRING)
    private Status status;
    @Column(name = "opened_at")
    private Instant openedAt;
    /** The latest month credited: the month after it is due once it is closed. */
    @Column(name = "credited_through")
    private String creditedThrough;
    @Version
    private long version;

    protected Wallet() {
    }

    public Wallet(UUID elderId, String policyCode, ResetRule resetRule, LocalDate anniversary, Instant openedAt) {
        this(elderId, policyCode, null, resetRule, anniversary, null, openedAt);
    }

    public Wallet(UUID elderId, String policyCode, String category, ResetRule resetRule, LocalDate anniversary,
            String communityCode, Instant openedAt) {
        this.communityCode = communityCode;
        this.category = category;
        this.id = UUID.randomUUID();
        this.elderId = elderId;
        this.policyCode = policyCode;
        this.resetRule = resetRule;
        this.anniversary = anniversary;
        this.status = Status.OPEN;
        this.openedAt = openedAt;
    }

    /**
     * Credits a month's allowance. Under a MONTHLY reset what was left of the last month expires first (当月清零不累计);
     * under ANNIVERSARY it carries over until the anniversary.
     */
    public Credit credit(YearMonth month, long allowanceFen) {
        List<Posting> postings = new ArrayList<>();
        if (creditedThrough == null || month.toString().compareTo(creditedThrough) > 0) {
            creditedThrough = month.toString();
        }
        long expired = 0;
        if (resetRule == ResetRule.MONTHLY && availableFen > 0) {
            expired = availableFen;
            postings.add(move(Account.AVAILABLE, Account.EXPIRED, expired, Posting.Kind.EXPIRE, month.toString()));
        }
        if (allowanceFen > 0) {
            postings.add(move(Account.FUNDING, Account.AVAILABLE, allowanceFen, Posting.Kind.CREDIT,
                    month.toString()));
        }
        return new Credit(month, allowanceFen, expired, postings);
    }

    /**
     * Follows a later approval of the same elder (another category, community or policy): the next month credited
     * uses it. True when anything changed.
     */
    public boolean reapprove(String policyCode, String category, String communityCode, ResetRule resetRule) {
        boolean changed = !Objects.equals(this.policyCode, policyCode)
                || !Objects.equals(this.category, category)
                || !Objects.equals(this.communityCode, communityCode) || this.resetRule != resetRule;
        this.policyCode = policyCode;
        this.category = category;
        this.communityCode = communityCode;
        this.resetRule = resetRule;
        return changed;
    }

    /** Closes the wallet (the elder's service was terminated); false when it already was. */
    public boolean close() {
        if (status == Status.CLOSED) {
            return false;
        }
        status = Status.CLOSED;
        return true;
    }

    /** Opens a closed wallet again for a new approval: its service year starts on the new start. */
    public boolean reopen(LocalDate serviceStart) {
        if (status == Status.OPEN) {
            return false;
        }
        status = Status.OPEN;
        anniversary = serviceStart;
        return true;
    }

    /** Takes unspent subsidy out of the wallet (reset rule or termination); at most what is available. */
    public List<Posting> expire(long amountFen, String reference) {
        long amount = Math.min(amountFen, availableFen);
        return amount <= 0 ? List.of() : List.of(move(Account.AVAILABLE, Account.EXPIRED, amount, Posting.Kind.EXPIRE,
                reference));
    }

    /**
     * Whether {@code day} is an anniversary of the service start (not the start itself); a 29 February start has
     * its anniversary on 28 February in common years.
     */
    public static boolean isAnniversary(LocalDate start, LocalDate day) {
        if (!day.isAfter(start) || day.getYear() == start.getYear()) {
            return false;
        }
        return start.withYear(day.getYear()).equals(day);
    }

    /**
     * How the pack limits and discounts an order's payment: the subsidy pays at most {@code perOrderCapFen} of one
     * order and {@code perDayCapFen} a day (null: no cap), and at most {@code subsidisedMealsPerDay} meals a day
     * (null: no limit); the part the subsidy does not pay is discounted by {@code selfPayDiscountBps} on the market
     * price; a delivery fee is always the elder's, undiscounted.
     */
    public record PaymentRules(Long perOrderCapFen, Long perDayCapFen, int selfPayDiscountBps,
            Integer subsidisedMealsPerDay) {

        public static final PaymentRules NONE = new PaymentRules(null, null, 0, null);
    }

    /** What an order costs at market price, its self-paid fee, its day, and whether it is a meal. */
    public record Charge(long amountFen, long deliveryFeeFen, LocalDate serviceDate, boolean meal) {

        public Charge {
            if (amountFen <= 0 || deliveryFeeFen < 0) {
                throw new IllegalArgumentException("an order amount is positive and a fee not negative");
            }
        }
    }

    /** What the wallet's other holds of the same service day already take: subsidy, and meals subsidised. */
    public record DayUsage(long subsidyFen, int subsidisedMeals) {

        public static final DayUsage NONE = new DayUsage(0, 0);
    }

    /** Holds what the subsidy can pay of an order; the rest is the elder's own (超出部分自费), at the pack's discount. */
    public Hold hold(UUID orderId, Charge charge, PaymentRules rules, DayUsage usedThatDay, Instant at) {
        Hold hold = new Hold(orderId, id, resetRule, charge, at);
        fund(hold, rules, usedThatDay);
        return hold;
    }

    /** Records an order for a month not credited yet: nothing is held until {@link #fund} once it is. */
    public Hold waitingHold(UUID orderId, Charge charge, Instant at) {
        return new Hold(orderId, id, resetRule, charge, at);
    }

    /** Holds a waiting order's subsidy part under the rules in force on its day; its postings go with the hold. */
    public void fund(Hold hold, PaymentRules rules, DayUsage usedThatDay) {
        Charge charge = hold.charge();
        long subsidy = Math.min(charge.amountFen(), availableFen);
        if (rules.perOrderCapFen() != null) {
            subsidy = Math.min(subsidy, rules.perOrderCapFen());
        }
        if (rules.perDayCapFen() != null) {
            subsidy = Math.min(subsidy, Math.max(0, rules.perDayCapFen() - usedThatDay.subsidyFen()));
        }
        if (charge.meal() && rules.subsidisedMealsPerDay() != null
                && usedThatDay.subsidisedMeals() >= rules.subsidisedMealsPerDay()) {
            subsidy = 0;
        }
        long uncovered = charge.amountFen() - subsidy;
        long discount = SelfPay.discountFen(uncovered, rules.selfPayDiscountBps());
        hold.fund(discount, subsidy, uncovered - discount + charge.deliveryFeeFen());
        if (subsidy > 0) {
            hold.postings().add(move(Account.AVAILABLE, Account.HELD, subsidy, Posting.Kind.HOLD,
                    hold.orderId().toString()));
        }
    }

    /**
     * The money period a service day belongs to has begun for this wallet: its month has been credited, and for a
     * wallet cleared on anniversaries, the anniversary before the day (if any) has been cleared. Only then is an
     * order for that day held, so money never crosses a reset in a hold.
     */
    public boolean periodBegun(LocalDate serviceDay, Predicate<LocalDate> clearedOn) {
        YearMonth credited = creditedThrough();
        if (credited == null || YearMonth.from(serviceDay).isAfter(credited)) {
            return false;
        }
        LocalDate anniversaryBefore = lastAnniversary(anniversary, serviceDay);
        return resetRule != ResetRule.ANNIVERSARY || anniversaryBefore == null || clearedOn.test(anniversaryBefore);
    }

    /**
     * The money period of a service day has ended: the month after it has been credited (a monthly reset took what
     * was left), or for a wallet cleared on anniversaries, an anniversary after the day has been cleared; or the
     * wallet is closed. Held money that comes back then expires instead of returning to the balance.
     */
    public boolean periodEnded(LocalDate serviceDay, Predicate<LocalDate> clearedAfter) {
        return periodEnded(serviceDay, resetRule, clearedAfter);
    }

    /** Whether the period of a hold's money has ended, under the rule it was taken under. */
    public boolean periodEnded(Hold hold, Predicate<LocalDate> clearedAfter) {
        return periodEnded(hold.serviceDate(), hold.resetRule() != null ? hold.resetRule() : resetRule, clearedAfter);
    }

    private boolean periodEnded(LocalDate serviceDay, ResetRule rule,
            Predicate<LocalDate> clearedAfter) {
        if (status == Status.CLOSED) {
            return true;
        }
        if (rule == ResetRule.MONTHLY) {
            YearMonth credited = creditedThrough();
            return credited != null && credited.isAfter(YearMonth.from(serviceDay));
        }
        return clearedAfter.test(serviceDay);
    }

    /** The latest anniversary of {@code start} on or before {@code day}, or null before the first one. */
    public static LocalDate lastAnniversary(LocalDate start, LocalDate day) {
        for (int year = day.getYear(); year > start.getYear(); year--) {
            LocalDate candidate = start.withYear(year); // 29 February falls on 28 in a common year
            if (!candidate.isAfter(day)) {
                return candidate;
            }
        }
        return null;
    }

    /** Held money of an order that comes back after its period ended leaves the wallet (HELD → EXPIRED). */
    public List<Posting> expireHeld(Hold hold, long amountFen) {
        return amountFen <= 0 ? List.of() : List.of(move(Account.HELD, Account.EXPIRED, amountFen,
                Posting.Kind.EXPIRE, hold.orderId().toString()));
    }

    /** Spends {@code amountFen} of a completed order's held subsidy (all of it, or less for less delivered). */
    public List<Posting> capture(Hold hold, long amountFen) {
        List<Posting> postings = new ArrayList<>();
        if (amountFen > 0) {
            postings.add(move(Account.HELD, Account.SPENT, amountFen, Posting.Kind.CAPTURE, hold.orderId().toString()));
        }
        return postings;
    }

    /** Gives {@code amountFen} of an order's held subsidy back (a cancellation, or what a completion did not use). */
    public List<Posting> release(Hold hold, long amountFen) {
        List<Posting> postings = new ArrayList<>();
        if (amountFen > 0) {
            postings.add(move(Account.HELD, Account.AVAILABLE, amountFen, Posting.Kind.RELEASE,
                    hold.orderId().toString()));
        }
        return postings;
    }

    private Posting move(Account from, Account to, long amount, Posting.Kind kind, String reference) {
        Posting posting = Posting.of(from, to, amount, kind, reference);
        availableFen += delta(Account.AVAILABLE, posting);
        heldFen += delta(Account.HELD, posting);
        if (availableFen < 0 || heldFen < 0) {
            throw new IllegalStateException("wallet " + id + " would go negative");
        }
        return posting;
    }

    private static long delta(Account account, Posting posting) {
        return (posting.to() == account ? posting.amountFen() : 0) - (posting.from() == account
                ? posting.amountFen() : 0);
    }

    public UUID id() {
        return id;
    }

    public UUID elderId() {
        return elderId;
    }

    public String policyCode() {
        return policyCode;
    }

    public ResetRule resetRule() {
        return resetRule;
    }

    public LocalDate anniversary() {
        return anniversary;
    }

    /** The elder's eligibility category in the pack, which decides the monthly credit. */
    public String category() {
        return category;
    }

    public String communityCode() {
        return communityCode;
    }

    /** The latest month credited to the wallet, if any. */
    public YearMonth creditedThrough() {
        return creditedThrough == null ? null : YearMonth.parse(creditedThrough);
    }

    public long availableFen() {
        return availableFen;
    }

    public long heldFen() {
        return heldFen;
    }

    public Status status() {
        return status;
    }
}
