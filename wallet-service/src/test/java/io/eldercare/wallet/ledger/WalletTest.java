package io.eldercare.wallet.ledger;

import static org.assertj.core.api.Assertions.assertThat;

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
    private final List<Posting> postings = new ArrayList<>();

    @Test
    void anOrderWithinTheBalanceIsPaidWhollyBySubsidy() {
        Wallet wallet = huangpiWalletWith(7000);

        Hold hold = wallet.hold(UUID.randomUUID(), 2000, Instant.now());

        assertThat(hold.subsidyFen()).isEqualTo(2000);
        assertThat(hold.selfPayFen()).isZero();
        assertThat(wallet.availableFen()).isEqualTo(5000);
        assertThat(wallet.heldFen()).isEqualTo(2000);
    }

    @Test
    void theOverageBeyondTheSubsidyIsSelfPaid() {
        Wallet wallet = huangpiWalletWith(5000);

        Hold hold = wallet.hold(UUID.randomUUID(), 6000, Instant.now());

        assertThat(hold.subsidyFen()).isEqualTo(5000);
        assertThat(hold.selfPayFen()).isEqualTo(1000);
        assertThat(wallet.availableFen()).isZero();
    }

    @Test
    void anEmptyWalletHoldsNothingAndTheElderPaysAll() {
        Wallet wallet = huangpiWalletWith(0);

        Hold hold = wallet.hold(UUID.randomUUID(), 2000, Instant.now());

        assertThat(hold.subsidyFen()).isZero();
        assertThat(hold.selfPayFen()).isEqualTo(2000);
        assertThat(hold.openingPostings()).isEmpty();
    }

    @Test
    void aCapturedHoldLeavesHeldAndMovesToSpent() {
        Wallet wallet = huangpiWalletWith(7000);
        Hold hold = wallet.hold(UUID.randomUUID(), 2000, Instant.now());
        postings.addAll(hold.openingPostings());

        postings.addAll(wallet.capture(hold));

        assertThat(wallet.heldFen()).isZero();
        assertThat(wallet.availableFen()).isEqualTo(5000);
        assertThat(balance(Account.SPENT)).isEqualTo(2000);
    }

    @Test
    void aReleasedHoldGoesBackToAvailable() {
        Wallet wallet = huangpiWalletWith(7000);
        Hold hold = wallet.hold(UUID.randomUUID(), 6000, Instant.now());

        wallet.release(hold);

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
    void aMonthlyResetExpiresWhatIsLeftBeforeCreditingTheNewMonth() {
        Wallet wallet = new Wallet(UUID.randomUUID(), "JIAYUGUAN-2024", Wallet.ResetRule.MONTHLY,
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
        Wallet wallet = new Wallet(UUID.randomUUID(), "HUANGPI-2020", Wallet.ResetRule.ANNIVERSARY,
                LocalDate.of(2026, 11, 1), Instant.now());
        postings.addAll(wallet.credit(NOVEMBER, 7000).postings());
        Hold first = wallet.hold(UUID.randomUUID(), 2000, Instant.now());
        postings.addAll(first.openingPostings());
        postings.addAll(wallet.capture(first));
        Hold second = wallet.hold(UUID.randomUUID(), 6000, Instant.now());
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
    void expiryTakesAtMostWhatIsAvailable() {
        Wallet wallet = huangpiWalletWith(3000);

        postings.addAll(wallet.expire(5000, "anniversary"));

        assertThat(wallet.availableFen()).isZero();
        assertThat(balance(Account.EXPIRED)).isEqualTo(3000);
    }

    private Wallet huangpiWalletWith(long availableFen) {
        Wallet wallet = new Wallet(UUID.randomUUID(), "HUANGPI-2020", Wallet.ResetRule.ANNIVERSARY,
                LocalDate.of(2026, 11, 1), Instant.now());
        postings.addAll(wallet.credit(NOVEMBER, availableFen).postings());
        return wallet;
    }

    private long balance(Account account) {
        return postings.stream().mapToLong(p -> (p.to() == account ? p.amountFen() : 0)
                - (p.from() == account ? p.amountFen() : 0)).sum();
    }
}
