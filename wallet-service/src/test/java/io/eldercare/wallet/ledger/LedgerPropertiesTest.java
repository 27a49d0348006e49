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
 * Random sequences of a wallet's movements — credits (with a monthly reset), holds under caps and a meal limit,
 * captures of all or part of a hold, releases, repeated captures and releases, expiries — keep the ledger's promises:
 * every posting balances, every balance equals the sum of its entries and is never negative, and an order is
 * captured at most once.
 */
class LedgerPropertiesTest {

    /** One step: what kind, and two numbers it draws on (amounts, which open hold). */
    record Step(int kind, long amount, int pick) {
    }

    @Provide
    Arbitrary<List<Step>> sequences() {
        Arbitrary<Step> step = net.jqwik.api.Combinators.combine(Arbitraries.integers().between(0, 6),
                Arbitraries.longs().between(1, 12_000), Arbitraries.integers().between(0, 50)).as(Step::new);
        return step.list().ofMinSize(1).ofMaxSize(60);
    }

    @Property(tries = 10_000)
    void everyPostingBalancesEveryBalanceIsItsEntriesNeverNegativeAndAnOrderIsCapturedOnce(
            @ForAll("sequences") List<Step> steps, @ForAll boolean monthlyReset) {
        Wallet wallet = new Wallet(UUID.randomUUID(), "TEST", monthlyReset ? ResetRule.MONTHLY : ResetRule.ANNIVERSARY,
                LocalDate.of(2030, 1, 1), Instant.EPOCH);
        Wallet.PaymentRules rules = new Wallet.PaymentRules(5_000L, 10_000L, 1_500, 1);
        Map<Account, Long> entries = new EnumMap<>(Account.class);
        Map<UUID, Hold> open = new LinkedHashMap<>();
        List<UUID> captured = new ArrayList<>();
        YearMonth month = YearMonth.of(2030, 1);
        for (Step step : steps) {
            List<Posting> postings = new ArrayList<>();
            switch (step.kind()) {
                case 0 -> {
                    month = month.plusMonths(1);
                    long before = wallet.availableFen();
                    postings.addAll(wallet.credit(month, step.amount()).postings());
                    // 当月清零不累计: a monthly wallet holds only the new allowance (what was held stays held)
                    assertThat(wallet.availableFen()).isEqualTo(monthlyReset ? step.amount() : before + step.amount());
                }
                case 1, 2 -> {
                    Hold hold = wallet.hold(UUID.randomUUID(), new Wallet.Charge(step.amount(), step.kind() == 2 ? 300 : 0,
                            month.atDay(1), step.kind() == 2), rules, Wallet.DayUsage.NONE, Instant.EPOCH);
                    assertThat(hold.subsidyFen()).isLessThanOrEqualTo(5_000L).isLessThanOrEqualTo(step.amount());
                    assertThat(hold.subsidyFen() + hold.selfPayFen()).isEqualTo(hold.amountFen());
                    postings.addAll(hold.openingPostings());
                    open.put(hold.orderId(), hold);
                }
                case 3, 4 -> {
                    Hold hold = pick(open, step.pick());
                    if (hold != null) {
                        long spend = step.kind() == 3 ? hold.subsidyFen() : Math.min(hold.subsidyFen(), step.amount());
                        if (hold.settle(Hold.Status.CAPTURED, Instant.EPOCH)) {
                            postings.addAll(wallet.capture(hold, spend));
                            postings.addAll(wallet.release(hold, hold.subsidyFen() - spend));
                            assertThat(captured).doesNotContain(hold.orderId());
                            captured.add(hold.orderId());
                        }
                        // a repeated completion changes nothing
                        assertThat(hold.settle(Hold.Status.CAPTURED, Instant.EPOCH)).isFalse();
                        open.remove(hold.orderId());
                    }
                }
                case 5 -> {
                    Hold hold = pick(open, step.pick());
                    if (hold != null && hold.settle(Hold.Status.RELEASED, Instant.EPOCH)) {
                        postings.addAll(wallet.release(hold, hold.subsidyFen()));
                        open.remove(hold.orderId());
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
            assertThat(wallet.heldFen()).isEqualTo(open.values().stream().mapToLong(Hold::subsidyFen).sum());
        }
    }

    private static Hold pick(Map<UUID, Hold> open, int index) {
        return open.isEmpty() ? null : new ArrayList<>(open.values()).get(index % open.size());
    }
}
