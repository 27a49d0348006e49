package io.eldercare.wallet.ledger;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** An order's authorisation, split into subsidy and self-pay; captured on completion or released on cancel. */
@Entity
@Table(name = "hold")
public class Hold {

    /** A hold is settled once. */
    public enum Status { HELD, CAPTURED, RELEASED }

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
    @Column(name = "service_date")
    private java.time.LocalDate serviceDate;
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

    Hold(UUID orderId, UUID walletId, Wallet.Charge charge, long discountFen, long subsidyFen, long selfPayFen,
            Instant createdAt) {
        this.orderId = orderId;
        this.walletId = walletId;
        this.listAmountFen = charge.amountFen() + charge.deliveryFeeFen();
        this.discountFen = discountFen;
        this.amountFen = subsidyFen + selfPayFen;
        this.serviceDate = charge.serviceDate();
        this.meal = charge.meal();
        this.subsidyFen = subsidyFen;
        this.selfPayFen = selfPayFen;
        this.status = Status.HELD;
        this.createdAt = createdAt;
    }

    /** Marks the hold settled; false when it already was (a repeated capture or release changes nothing). */
    public boolean settle(Status outcome, Instant at) {
        if (status != Status.HELD) {
            return false;
        }
        status = outcome;
        settledAt = at;
        return true;
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

    public java.time.LocalDate serviceDate() {
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
