package io.eldercare.wallet.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.eldercare.events.ResetRule;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The wallet's money rules, without a database. */
class WalletTest {

    private static final YearMonth NOVEMBER = YearMonth.of(2026, 11);
    private static final LocalDate DAY = LocalDate.of(2026, 11, 20);
    /** Jiayuguan as seeded: 50 yuan an order, 100 a day, self-pay 15 % below the market price. */
    private static final Wallet.PaymentRules JIAYUGUAN = new Wallet.PaymentRules(5000L, 10000L, 1500, 1);
    private final List<Posting> postings = new ArrayList<>();

    @Test
    void anOrderWithinTheBalanceIsPaidWhollyBySubsidy() {
        Wallet wallet = huangpiWalletWith(7000);

        Hold hold = wallet.hold(UUID.randomUUID(), new Wallet.Charge(2000, 0, DAY, false), Wallet.PaymentRules.NONE, new Wallet.DayUsage(0, 0), Instant.now());

        assertThat(hold.subsidyFen()).isEqualTo(2000);
        assertThat(hold.selfPayFen()).isZero();
        assertThat(wallet.availableFen()).isEqualTo(5000);
        assertThat(wallet.heldFen()).isEqualTo(2000);
    }

    @Test
    void theOverageBeyondTheSubsidyIsSelfPaid() {
        Wallet wallet = huangpiWalletWith(5000);

        Hold hold = wallet.hold(UUID.randomUUID(), new Wallet.Charge(6000, 0, DAY, false), Wallet.PaymentRules.NONE, new Wallet.DayUsage(0, 0), Instant.now());

        assertThat(hold.subsidyFen()).isEqualTo(5000);
        assertThat(hold.selfPayFen()).isEqualTo(1000);
        assertThat(wallet.availableFen()).isZero();
    }

    @Test
    void anEmptyWalletHoldsNothingAndTheElderPaysAll() {
        Wallet wallet = huangpiWalletWith(0);

        Hold hold = wallet.hold(UUID.randomUUID(), new Wallet.Charge(2000, 0, DAY, false), Wallet.PaymentRules.NONE, new Wallet.DayUsage(0, 0), Instant.now());

        assertThat(hold.subsidyFen()).isZero();
        assertThat(hold.selfPayFen()).isEqualTo(2000);
        assertThat(hold.openingPostings()).isEmpty();
    }

    @Test
    void aCapturedHoldLeavesHeldAndMovesToSpent() {
        Wallet wallet = huangpiWalletWith(7000);
        Hold hold = wallet.hold(UUID.randomUUID(), new Wallet.Charge(2000, 0, DAY, false), Wallet.PaymentRules.NONE, new Wallet.DayUsage(0, 0), Instant.now());
        postings.addAll(hold.openingPostings());

        postings.addAll(wallet.capture(hold, hold.subsidyFen()));

        assertThat(wallet.heldFen()).isZero();
        assertThat(wallet.availableFen()).isEqualTo(5000);
        assertThat(balance(Account.SPENT)).isEqualTo(2000);
    }

    @Test
    void aReleasedHoldGoesBackToAvailable() {
        Wallet wallet = huangpiWalletWith(7000);
        Hold hold = wallet.hold(UUID.randomUUID(), new Wallet.Charge(6000, 0, DAY, false), Wallet.PaymentRules.NONE, new Wallet.DayUsage(0, 0), Instant.now());

        wallet.release(hold, hold.subsidyFen());

        assertThat(wallet.availableFen()).isEqualTo(7000);
        assertThat(wallet.heldFen()).isZero();
    }

    @Test
    void huangpiCarriesUnspentSubsidyOverToTheNextMonthUntilTheAnniversary() {
        Wallet wallet = huangpiWalletWith(3000);

        Wallet.Credit credit = wallet.credit(NOVEMBER.plusMonths(1), 7000);

        assertThat(credit.expiredFen()).isZero();
        assertThat(wallet.availableFen()).isEqualTo(10000);
    }

    @Test
    void theSubsidyPaysNoMoreThanThePerOrderCapAndTheRestIsSelfPaidAtTheDiscount() {
        Wallet wallet = jiayuguanWalletWith(20000);

        Hold hold = wallet.hold(UUID.randomUUID(), new Wallet.Charge(6000, 0, DAY, false), JIAYUGUAN, new Wallet.DayUsage(0, 0), Instant.now());

        // 60.00 yuan: the subsidy pays its cap of 50.00; the remaining 10.00 is self-paid at 8.50
        assertThat(hold.subsidyFen()).isEqualTo(5000);
        assertThat(hold.discountFen()).isEqualTo(150);
        assertThat(hold.selfPayFen()).isEqualTo(850);
        assertThat(hold.amountFen()).isEqualTo(5850);
        assertThat(hold.listAmountFen()).isEqualTo(6000);
        assertThat(wallet.availableFen()).isEqualTo(15000);
    }

    @Test
    void theSubsidyPaysNoMoreOnADayThanWhatThePerDayCapLeaves() {
        Wallet wallet = jiayuguanWalletWith(20000);

        Hold hold = wallet.hold(UUID.randomUUID(), new Wallet.Charge(4000, 0, DAY, false), JIAYUGUAN, new Wallet.DayUsage(8000, 0), Instant.now());

        assertThat(hold.subsidyFen()).isEqualTo(2000);
        assertThat(hold.selfPayFen()).isEqualTo(1700);
        Hold capped = wallet.hold(UUID.randomUUID(), new Wallet.Charge(1000, 0, DAY, false), JIAYUGUAN, new Wallet.DayUsage(10000, 0), Instant.now());
        assertThat(capped.subsidyFen()).isZero();
        assertThat(capped.selfPayFen()).isEqualTo(850);
    }

    @Test
    void aDeliveryFeeIsAlwaysSelfPaidAndNeverDiscounted() {
        Wallet wallet = jiayuguanWalletWith(0);

        Hold hold = wallet.hold(UUID.randomUUID(), new Wallet.Charge(1200, 300, DAY, false), JIAYUGUAN, new Wallet.DayUsage(0, 0), Instant.now());

        assertThat(hold.subsidyFen()).isZero();
        assertThat(hold.discountFen()).isEqualTo(180);
        assertThat(hold.selfPayFen()).isEqualTo(1320);
        assertThat(hold.listAmountFen()).isEqualTo(1500);
        Wallet funded = jiayuguanWalletWith(5000);
        Hold covered = funded.hold(UUID.randomUUID(), new Wallet.Charge(1200, 300, DAY, false), JIAYUGUAN, new Wallet.DayUsage(0, 0), Instant.now());
        assertThat(covered.subsidyFen()).isEqualTo(1200);
        assertThat(covered.selfPayFen()).isEqualTo(300);
    }

    @Test
    void aDiscountOfAFractionOfAFenRoundsHalfUp() {
        Wallet wallet = jiayuguanWalletWith(0);

        // 15 % of 0.03 yuan is 0.45 fen: no discount; of 0.10 yuan 1.5 fen: 2 fen off
        assertThat(wallet.hold(UUID.randomUUID(), new Wallet.Charge(3, 0, DAY, false), JIAYUGUAN, new Wallet.DayUsage(0, 0), Instant.now()).selfPayFen()).isEqualTo(3);
        assertThat(wallet.hold(UUID.randomUUID(), new Wallet.Charge(10, 0, DAY, false), JIAYUGUAN, new Wallet.DayUsage(0, 0), Instant.now()).selfPayFen())
                .isEqualTo(8);
    }

    @Test
    void onlyOneLoveLunchADayIsSubsidisedTheNextIsSelfPaidAtTheDiscount() {
        Wallet wallet = jiayuguanWalletWith(20000);
        Wallet.Charge lunch = new Wallet.Charge(1200, 0, DAY, true);

        Hold first = wallet.hold(UUID.randomUUID(), lunch, JIAYUGUAN, Wallet.DayUsage.NONE, Instant.now());
        Hold second = wallet.hold(UUID.randomUUID(), lunch, JIAYUGUAN, new Wallet.DayUsage(1200, 1), Instant.now());
        Hold bathSameDay = wallet.hold(UUID.randomUUID(), new Wallet.Charge(3000, 0, DAY, false), JIAYUGUAN,
                new Wallet.DayUsage(1200, 1), Instant.now());

        assertThat(first.subsidyFen()).isEqualTo(1200);
        assertThat(second.subsidyFen()).isZero();
        assertThat(second.selfPayFen()).isEqualTo(1020);
        assertThat(bathSameDay.subsidyFen()).isEqualTo(3000);
    }

    private Wallet jiayuguanWalletWith(long availableFen) {
        Wallet wallet = new Wallet(UUID.randomUUID(), "JIAYUGUAN-2024", ResetRule.MONTHLY,
                LocalDate.of(2026, 11, 1), Instant.now());
        wallet.credit(NOVEMBER, availableFen);
        return wallet;
    }

    @Test
    void aMonthlyResetExpiresWhatIsLeftBeforeCreditingTheNewMonth() {
        Wallet wallet = new Wallet(UUID.randomUUID(), "JIAYUGUAN-2024", ResetRule.MONTHLY,
                LocalDate.of(2026, 11, 1), Instant.now());
        postings.addAll(wallet.credit(NOVEMBER, 5000).postings());

        Wallet.Credit december = wallet.credit(NOVEMBER.plusMonths(1), 5000);
        postings.addAll(december.postings());

        assertThat(december.expiredFen()).isEqualTo(5000);
        assertThat(wallet.availableFen()).isEqualTo(5000);
        assertThat(balance(Account.EXPIRED)).isEqualTo(5000);
    }

    @Test
    void everyPostingBalancesToZeroAndBalancesFollowTheLedger() {
        Wallet wallet = new Wallet(UUID.randomUUID(), "HUANGPI-2020", ResetRule.ANNIVERSARY,
                LocalDate.of(2026, 11, 1), Instant.now());
        postings.addAll(wallet.credit(NOVEMBER, 7000).postings());
        Hold first = wallet.hold(UUID.randomUUID(), new Wallet.Charge(2000, 0, DAY, false), Wallet.PaymentRules.NONE, new Wallet.DayUsage(0, 0), Instant.now());
        postings.addAll(first.openingPostings());
        postings.addAll(wallet.capture(first, first.subsidyFen()));
        Hold second = wallet.hold(UUID.randomUUID(), new Wallet.Charge(6000, 0, DAY, false), Wallet.PaymentRules.NONE, new Wallet.DayUsage(0, 0), Instant.now());
        postings.addAll(second.openingPostings());

        List<LedgerEntry> entries = postings.stream()
                .flatMap(p -> LedgerEntry.of(wallet.id(), p, Instant.now()).stream()).toList();
        assertThat(entries.stream().mapToLong(LedgerEntry::amountFen).sum()).isZero();
        assertThat(balance(Account.AVAILABLE)).isEqualTo(wallet.availableFen()).isZero();
        assertThat(balance(Account.HELD)).isEqualTo(wallet.heldFen()).isEqualTo(5000);
        assertThat(balance(Account.FUNDING)).isEqualTo(-7000);
    }

    @Test
    void theAnniversaryIsTheSameDayInALaterYearAndTheTwentyEighthForALeapDayStart() {
        LocalDate start = LocalDate.of(2026, 10, 1);

        assertThat(Wallet.isAnniversary(start, LocalDate.of(2027, 10, 1))).isTrue();
        assertThat(Wallet.isAnniversary(start, start)).isFalse();
        assertThat(Wallet.isAnniversary(start, LocalDate.of(2027, 10, 2))).isFalse();
        assertThat(Wallet.isAnniversary(LocalDate.of(2028, 2, 29), LocalDate.of(2029, 2, 28))).isTrue();
        assertThat(Wallet.isAnniversary(LocalDate.of(2028, 2, 29), LocalDate.of(2032, 2, 29))).isTrue();
    }

    @Test
    void theYearOfAServiceDayBeginsOnItsLatestAnniversaryTheTwentyEighthForALeapDayStart() {
        LocalDate leapStart = LocalDate.of(2028, 2, 29);
        LocalDate endOfMonthStart = LocalDate.of(2027, 1, 31);

        assertThat(Wallet.lastAnniversary(leapStart, LocalDate.of(2029, 2, 27))).isNull();
        assertThat(Wallet.lastAnniversary(leapStart, LocalDate.of(2029, 2, 28))).isEqualTo(LocalDate.of(2029, 2, 28));
        assertThat(Wallet.lastAnniversary(leapStart, LocalDate.of(2032, 2, 28))).isEqualTo(LocalDate.of(2031, 2, 28));
        assertThat(Wallet.lastAnniversary(leapStart, LocalDate.of(2032, 2, 29))).isEqualTo(LocalDate.of(2032, 2, 29));
        assertThat(Wallet.lastAnniversary(endOfMonthStart, LocalDate.of(2028, 1, 30))).isNull();
        assertThat(Wallet.lastAnniversary(endOfMonthStart, LocalDate.of(2028, 1, 31)))
                .isEqualTo(LocalDate.of(2028, 1, 31));
        assertThat(Wallet.lastAnniversary(endOfMonthStart, LocalDate.of(2029, 1, 1)))
                .isEqualTo(LocalDate.of(2028, 1, 31));
    }

    @Test
    void anOrderIsHeldOnlyOnceItsMonthIsCreditedAndAfterAnAnniversaryOnlyOnceThatYearIsCleared() {
        Wallet monthly = new Wallet(UUID.randomUUID(), "JIAYUGUAN-2024", ResetRule.MONTHLY, LocalDate.of(2026, 11, 1),
                Instant.now());
        monthly.credit(NOVEMBER, 9000);
        Wallet yearly = huangpiWalletWith(7000); // from 1 November 2026
        yearly.credit(YearMonth.of(2027, 11), 7000);

        assertThat(monthly.periodBegun(LocalDate.of(2026, 11, 30), day -> false)).isTrue();
        assertThat(monthly.periodBegun(LocalDate.of(2026, 12, 1), day -> false)).isFalse();
        assertThat(yearly.periodBegun(LocalDate.of(2027, 10, 31), day -> false)).isTrue();
        assertThat(yearly.periodBegun(LocalDate.of(2027, 11, 1), day -> false)).isFalse();
        assertThat(yearly.periodBegun(LocalDate.of(2027, 11, 1), day -> day.equals(LocalDate.of(2027, 11, 1))))
                .isTrue();
    }

    @Test
    void heldMoneyComingBackAfterItsMonthWasResetOrItsYearClearedHasNoPeriodToReturnTo() {
        Wallet monthly = new Wallet(UUID.randomUUID(), "JIAYUGUAN-2024", ResetRule.MONTHLY, LocalDate.of(2026, 11, 1),
                Instant.now());
        monthly.credit(NOVEMBER, 9000);
        Wallet yearly = huangpiWalletWith(7000);

        assertThat(monthly.periodEnded(LocalDate.of(2026, 11, 30), day -> false)).isFalse();
        monthly.credit(NOVEMBER.plusMonths(1), 9000);
        assertThat(monthly.periodEnded(LocalDate.of(2026, 11, 30), day -> false)).isTrue();
        assertThat(monthly.periodEnded(LocalDate.of(2026, 12, 1), day -> false)).isFalse();
        assertThat(yearly.periodEnded(LocalDate.of(2027, 10, 31), day -> false)).isFalse();
        assertThat(yearly.periodEnded(LocalDate.of(2027, 10, 31), day -> true)).isTrue();
    }

    @Test
    void aWaitingOrderIsPricedWhenItIsHeldExactlyAsItWasAskedFor() {
        Wallet wallet = huangpiWalletWith(1000);
        Hold waiting = wallet.waitingHold(UUID.randomUUID(), new Wallet.Charge(3000, 300, DAY, true), Instant.now());

        assertThat(waiting.status()).isEqualTo(Hold.Status.WAITING);
        assertThat(wallet.availableFen()).isEqualTo(1000);
        wallet.fund(waiting, JIAYUGUAN, Wallet.DayUsage.NONE);

        assertThat(waiting.status()).isEqualTo(Hold.Status.HELD);
        assertThat(waiting.subsidyFen()).isEqualTo(1000);
        // 20.00 uncovered at 15 % off is 17.00, plus the 3.00 fee undiscounted
        assertThat(waiting.selfPayFen()).isEqualTo(2000);
        assertThat(waiting.listAmountFen()).isEqualTo(3300);
        assertThat(wallet.availableFen()).isZero();
        assertThat(wallet.heldFen()).isEqualTo(1000);
    }

    @Test
    void expiryTakesAtMostWhatIsAvailable() {
        Wallet wallet = huangpiWalletWith(3000);

        postings.addAll(wallet.expire(5000, "anniversary"));

        assertThat(wallet.availableFen()).isZero();
        assertThat(balance(Account.EXPIRED)).isEqualTo(3000);
    }

    private Wallet huangpiWalletWith(long availableFen) {
        Wallet wallet = new Wallet(UUID.randomUUID(), "HUANGPI-2020", ResetRule.ANNIVERSARY,
                LocalDate.of(2026, 11, 1), Instant.now());
        postings.addAll(wallet.credit(NOVEMBER, availableFen).postings());
        return wallet;
    }

    private long balance(Account account) {
        return postings.stream().mapToLong(p -> (p.to() == account ? p.amountFen() : 0)
                - (p.from() == account ? p.amountFen() : 0)).sum();
    }
}
