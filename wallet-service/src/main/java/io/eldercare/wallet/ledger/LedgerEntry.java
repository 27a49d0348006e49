package io.eldercare.wallet.ledger;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** One side of a posting: positive adds to the account, negative takes from it. Never updated. */
@Entity
@Table(name = "ledger_entry")
public class LedgerEntry {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    @Column(name = "posting_id")
    private UUID postingId;
    @Column(name = "wallet_id")
    private UUID walletId;
    @Enumerated(EnumType.STRING)
    private Account account;
    @Column(name = "amount_fen")
    private long amountFen;
    @Enumerated(EnumType.STRING)
    private Posting.Kind kind;
    private String reference;
    @Column(name = "occurred_at")
    private Instant occurredAt;

    protected LedgerEntry() {
    }

    private LedgerEntry(UUID postingId, UUID walletId, Account account, long amountFen, Posting.Kind kind,
            String reference, Instant occurredAt) {
        this.postingId = postingId;
        this.walletId = walletId;
        this.account = account;
        this.amountFen = amountFen;
        this.kind = kind;
        this.reference = reference;
        this.occurredAt = occurredAt;
    }

    /** The two entries of a posting. */
    public static List<LedgerEntry> of(UUID walletId, Posting posting, Instant at) {
        return List.of(
                new LedgerEntry(posting.postingId(), walletId, posting.from(), -posting.amountFen(), posting.kind(),
                        posting.reference(), at),
                new LedgerEntry(posting.postingId(), walletId, posting.to(), posting.amountFen(), posting.kind(),
                        posting.reference(), at));
    }

    public Account account() {
        return account;
    }

    public long amountFen() {
        return amountFen;
    }

    public Posting.Kind kind() {
        return kind;
    }

    public String reference() {
        return reference;
    }

    public Instant occurredAt() {
        return occurredAt;
    }
}
