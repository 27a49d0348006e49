package io.eldercare.wallet.ledger;

import java.util.UUID;

/** Money moving from one account to another: two ledger entries that sum to zero. */
public record Posting(UUID postingId, Account from, Account to, long amountFen, Kind kind, String reference) {

    /** Why money moved. */
    public enum Kind { CREDIT, HOLD, CAPTURE, RELEASE, EXPIRE }

    public Posting {
        if (amountFen <= 0) {
            throw new IllegalArgumentException("a posting moves a positive amount, not " + amountFen);
        }
        if (from == to) {
            throw new IllegalArgumentException("a posting moves money between two accounts");
        }
    }

    public static Posting of(Account from, Account to, long amountFen, Kind kind, String reference) {
        return new Posting(UUID.randomUUID(), from, to, amountFen, kind, reference);
    }
}
