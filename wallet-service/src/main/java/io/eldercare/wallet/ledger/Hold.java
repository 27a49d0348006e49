package io.eldercare.wallet.ledger;

import io.eldercare.events.ResetRule;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;
import jakarta.persistence.Version;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** An order's authorisation, split into subsidy and self-pay; captured on completion or released on cancel. */
@Entity
@Table(name = "hold")
public class Hold {

    /**
     * A hold is settled once. WAITING: the order is for a month the wallet has not been credited yet; nothing is held
     * until it is.
     */
    public enum Status { WAITING, HELD, CAPTURED, RELEASED }

    @Id
    @Column(name = "order_id")
    private UUID orderId;
    @Column(name = "wallet_id")
    private UUID walletId;
    @Column(name = "amount_fen")
    private long amountFen;
    @Column(name = "subsidy_fen")
    private long subsidyFen;
    @Column(name = "self_pay_fen")
    private long selfPayFen;
    @Column(name = "list_amount_fen")
    private long listAmountFen;
    @Column(name = "discount_fen")
    private long discountFen;
    @Column(name = "delivery_fee_fen")
    private long deliveryFeeFen;
    @Enumerated(EnumType.STRING)
    @Column(name = "reset_rule")
    private ResetRule resetRule;
    @Column(name = "service_date")
    private LocalDate serviceDate;
    private boolean meal;
    @Enumerated(EnumType.STRING)
    private Status status;
    @Column(name = "created_at")
    private Instant createdAt;
    @Column(name = "settled_at")
    private Instant settledAt;
    @Version
    private long version;
    @Transient
    private final List<Posting> postings = new ArrayList<>();

    protected Hold() {
    }

    /** An order waiting for its month: what it costs is known, how it is paid not yet. */
    Hold(UUID orderId, UUID walletId, ResetRule resetRule, Wallet.Charge charge,
            Instant createdAt) {
        this.resetRule = resetRule;
        this.orderId = orderId;
        this.walletId = walletId;
        this.listAmountFen = charge.amountFen() + charge.deliveryFeeFen();
        this.deliveryFeeFen = charge.deliveryFeeFen();
        this.serviceDate = charge.serviceDate();
        this.meal = charge.meal();
        this.status = Status.WAITING;
        this.createdAt = createdAt;
    }

    /** Fixes how the order is paid and marks it held. */
    void fund(long discountFen, long subsidyFen, long selfPayFen) {
        if (status != Status.WAITING) {
            throw new IllegalStateException("hold of order " + orderId + " is " + status + ", not waiting");
        }
        this.discountFen = discountFen;
        this.subsidyFen = subsidyFen;
        this.selfPayFen = selfPayFen;
        this.amountFen = subsidyFen + selfPayFen;
        this.status = Status.HELD;
    }

    /** What the order costs, as it was asked for. */
    public Wallet.Charge charge() {
        return new Wallet.Charge(listAmountFen - deliveryFeeFen, deliveryFeeFen, serviceDate, meal);
    }

    /**
     * Marks the hold settled; false when it already was (a repeated capture or release changes nothing). A waiting
     * hold is only released, never captured.
     */
    public boolean settle(Status outcome, Instant at) {
        if (status == Status.WAITING && outcome == Status.RELEASED) {
            status = outcome;
            settledAt = at;
            return true;
        }
        if (status != Status.HELD) {
            return false;
        }
        status = outcome;
        settledAt = at;
        return true;
    }

    /** The reset rule its money was taken under (null for holds from before it was kept: the wallet's then). */
    public ResetRule resetRule() {
        return resetRule;
    }

    public boolean waiting() {
        return status == Status.WAITING;
    }

    /** Postings made when the hold was taken, to be written with it. */
    List<Posting> postings() {
        return postings;
    }

    public List<Posting> openingPostings() {
        return List.copyOf(postings);
    }

    public UUID orderId() {
        return orderId;
    }

    public UUID walletId() {
        return walletId;
    }

    public long amountFen() {
        return amountFen;
    }

    /** The order's market amount (with any delivery fee) before the self-pay discount. */
    public long listAmountFen() {
        return listAmountFen;
    }

    /** What the self-pay discount took off the market amount. */
    public long discountFen() {
        return discountFen;
    }

    public boolean meal() {
        return meal;
    }

    public LocalDate serviceDate() {
        return serviceDate;
    }

    public long subsidyFen() {
        return subsidyFen;
    }

    public long selfPayFen() {
        return selfPayFen;
    }

    public Status status() {
        return status;
    }
}
