package io.eldercare.wallet.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.eldercare.events.ResetRule;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random sequences of a wallet's movements — credits (with a monthly reset), holds for this month, last month and next
 * month under caps and a meal limit, captures of all or part of a hold, releases, repeated and reordered captures and
 * releases (a release after a capture, a capture after a release, either twice), expiries — keep the ledger's
 * promises: every posting balances, every balance equals the sum of its entries and is never negative, an order is
 * captured at most once, and nothing survives a Jiayuguan month end: a monthly wallet never has more available than
 * its month's allowance, because money held for an order waits for its own month and money released after its month
 * was reset expires.
 */
class LedgerPropertiesTest {

    /** One step: what kind, two numbers it draws on (amounts, which hold), and which month the service day is in. */
    record Step(int kind, long amount, int pick, int monthOffset) {
    }

    @Provide
    Arbitrary<List<Step>> sequences() {
        Arbitrary<Step> step = net.jqwik.api.Combinators.combine(Arbitraries.integers().between(0, 6),
                Arbitraries.longs().between(1, 12_000), Arbitraries.integers().between(0, 50),
                Arbitraries.integers().between(-1, 1)).as(Step::new);
        return step.list().ofMinSize(1).ofMaxSize(60);
    }

    @Property(tries = 10_000)
    void everyPostingBalancesEveryBalanceIsItsEntriesNeverNegativeAnOrderIsCapturedOnceAndNoMoneyCrossesAReset(
            @ForAll("sequences") List<Step> steps, @ForAll boolean monthlyReset) {
        Wallet wallet = new Wallet(UUID.randomUUID(), "TEST", monthlyReset ? ResetRule.MONTHLY : ResetRule.ANNIVERSARY,
                LocalDate.of(2030, 1, 1), Instant.EPOCH);
        Wallet.PaymentRules rules = new Wallet.PaymentRules(5_000L, 10_000L, 1_500, 1);
        Map<Account, Long> entries = new EnumMap<>(Account.class);
        Map<UUID, Hold> holds = new LinkedHashMap<>();
        List<UUID> captured = new ArrayList<>();
        YearMonth month = YearMonth.of(2030, 1);
        long allowance = 0;
        List<Posting> opening = new ArrayList<>(wallet.credit(month, 0).postings());
        java.util.function.Predicate<LocalDate> neverCleared = day -> false;
        for (Step step : steps) {
            List<Posting> postings = new ArrayList<>(opening);
            opening.clear();
            LocalDate day = month.plusMonths(step.monthOffset()).atDay(1);
            switch (step.kind()) {
                case 0 -> {
                    month = month.plusMonths(1);
                    long before = wallet.availableFen();
                    postings.addAll(wallet.credit(month, step.amount()).postings());
                    allowance = step.amount();
                    // 当月清零不累计: a monthly wallet holds only the new allowance (what was held stays held)
                    assertThat(wallet.availableFen()).isEqualTo(monthlyReset ? step.amount() : before + step.amount());
                    // the month's waiting orders are held from its money, oldest first
                    for (Hold waiting : holds.values()) {
                        if (waiting.waiting() && wallet.periodBegun(waiting.serviceDate(), neverCleared)) {
                            wallet.fund(waiting, rules, Wallet.DayUsage.NONE);
                            postings.addAll(waiting.openingPostings());
                        }
                    }
                }
                case 1, 2 -> {
                    Wallet.Charge charge = new Wallet.Charge(step.amount(), step.kind() == 2 ? 300 : 0, day,
                            step.kind() == 2);
                    if (wallet.periodEnded(day, neverCleared)) {
                        break; // refused: that month's money was reset
                    }
                    Hold hold = wallet.periodBegun(day, neverCleared)
                            ? wallet.hold(UUID.randomUUID(), charge, rules, Wallet.DayUsage.NONE, Instant.EPOCH)
                            : wallet.waitingHold(UUID.randomUUID(), charge, Instant.EPOCH);
                    assertThat(hold.subsidyFen()).isLessThanOrEqualTo(5_000L).isLessThanOrEqualTo(step.amount());
                    assertThat(hold.subsidyFen() + hold.selfPayFen()).isEqualTo(hold.amountFen());
                    postings.addAll(hold.openingPostings());
                    holds.put(hold.orderId(), hold);
                }
                case 3, 4 -> {
                    // any hold, settled or not: a completion may repeat or arrive after a cancellation
                    Hold hold = pick(holds, step.pick());
                    if (hold != null && !hold.waiting()) {
                        long spend = step.kind() == 3 ? hold.subsidyFen() : Math.min(hold.subsidyFen(), step.amount());
                        if (hold.settle(Hold.Status.CAPTURED, Instant.EPOCH)) {
                            postings.addAll(wallet.capture(hold, spend));
                            postings.addAll(giveBack(wallet, hold, hold.subsidyFen() - spend));
                            assertThat(captured).doesNotContain(hold.orderId());
                            captured.add(hold.orderId());
                        }
                        assertThat(hold.settle(Hold.Status.CAPTURED, Instant.EPOCH)).isFalse();
                    }
                }
                case 5 -> {
                    Hold hold = pick(holds, step.pick());
                    boolean wasHeld = hold != null && !hold.waiting();
                    if (hold != null && hold.settle(Hold.Status.RELEASED, Instant.EPOCH) && wasHeld) {
                        postings.addAll(giveBack(wallet, hold, hold.subsidyFen()));
                    }
                }
                default -> postings.addAll(wallet.expire(step.amount(), "test"));
            }
            for (Posting posting : postings) {
                entries.merge(posting.from(), -posting.amountFen(), Long::sum);
                entries.merge(posting.to(), posting.amountFen(), Long::sum);
            }
            assertThat(entries.values().stream().mapToLong(Long::longValue).sum()).isZero();
            assertThat(wallet.availableFen()).isNotNegative().isEqualTo(entries.getOrDefault(Account.AVAILABLE, 0L));
            assertThat(wallet.heldFen()).isNotNegative().isEqualTo(entries.getOrDefault(Account.HELD, 0L));
            assertThat(wallet.heldFen()).isEqualTo(holds.values().stream()
                    .filter(h -> h.status() == Hold.Status.HELD).mapToLong(Hold::subsidyFen).sum());
            if (monthlyReset) {
                assertThat(wallet.availableFen()).as("no money crosses a month end").isLessThanOrEqualTo(allowance);
            }
        }
    }

    /** As the wallet service gives held money back: to the balance while its month runs, else it expires. */
    private static List<Posting> giveBack(Wallet wallet, Hold hold, long amount) {
        return wallet.periodEnded(hold.serviceDate(), day -> false) ? wallet.expireHeld(hold, amount)
                : wallet.release(hold, amount);
    }

    private static Hold pick(Map<UUID, Hold> holds, int index) {
        return holds.isEmpty() ? null : new ArrayList<>(holds.values()).get(index % holds.size());
    }
}
