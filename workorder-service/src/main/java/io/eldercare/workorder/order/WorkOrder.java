package io.eldercare.workorder.order;

import io.eldercare.platform.domain.Refusal;
import jakarta.persistence.CascadeType;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.OneToOne;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
/**
 * A priced, funded order for one service to one elder, and its visit: offered to a caregiver, accepted, then verified
 * at the door ({@link VisitStatus}); completed once or cancelled once.
 */
@Entity
@Table(name = "work_order")
public class WorkOrder {

    /** How the order reached the platform. */
    /**
     * PENDING: stored, the wallet asked and not answered yet; HELD: the wallet holds the order's money; WAITING: the
     * order waits for its month's credit.
     */
    public enum Funding { PENDING, WAITING, HELD }

    /** AGREEMENT: placed from a monthly service agreement (黄陂 六(二)2). */
    public enum Channel { APP, HOTLINE, COMMUNITY, FRONT_DESK, AGREEMENT }

    /** How the delivery was confirmed. */
    public enum Verification { QR_GPS_PHOTO, FACE, FINGERPRINT, SIGNED_RECORD, WEBAUTHN }

    @Id
    private UUID id;
    @Column(name = "elder_id")
    private UUID elderId;
    @Column(name = "provider_id")
    private UUID providerId;
    @Column(name = "community_code")
    private String communityCode;
    @Column(name = "hold_request")
    private String holdRequest;
    @Column(name = "item_code")
    private String itemCode;
    @Column(name = "policy_code")
    private String policyCode;
    @Column(name = "policy_version")
    private int policyVersion;
    private String unit;
    @Column(name = "unit_price_fen")
    private long unitPriceFen;
    private int quantity;
    @Column(name = "amount_fen")
    private long amountFen;
    @Column(name = "list_amount_fen")
    private long listAmountFen;
    @Column(name = "discount_fen")
    private long discountFen;
    @Column(name = "subsidy_fen")
    private long subsidyFen;
    @Column(name = "self_pay_fen")
    private long selfPayFen;
    @Column(name = "service_date")
    private LocalDate serviceDate;
    @Enumerated(EnumType.STRING)
    private Channel channel;
    @Enumerated(EnumType.STRING)
    private VisitStatus status;
    @OneToOne(mappedBy = "order", cascade = CascadeType.ALL, optional = false)
    private Visit visit;
    private boolean dispatchable = true;
    @Enumerated(EnumType.STRING)
    private Funding funding = Funding.HELD;
    @Enumerated(EnumType.STRING)
    private Verification verification;
    @Column(name = "cancel_reason")
    private String cancelReason;
    @Column(name = "created_at")
    private Instant createdAt;
    @Column(name = "completed_at")
    private Instant completedAt;
    @Column(name = "cancelled_at")
    private Instant cancelledAt;
    @Version
    private long version;

    protected WorkOrder() {
    }

    /**
     * The price and the payment split as the catalog and the wallet decided them: the market {@code listAmountFen},
     * the self-pay {@code discountFen} off it, and {@code amountFen} = subsidy + self-pay, what the order costs.
     */
    public record Pricing(int policyVersion, String unit, long unitPriceFen, int quantity, long listAmountFen,
            long discountFen, long amountFen, long subsidyFen, long selfPayFen) {
    }

    public WorkOrder(UUID id, UUID elderId, UUID providerId, String itemCode, String policyCode,
            LocalDate serviceDate, Channel channel, Pricing pricing, Instant createdAt) {
        if (pricing.subsidyFen() + pricing.selfPayFen() != pricing.amountFen()) {
            throw new IllegalArgumentException("subsidy and self-pay must add up to the amount");
        }
        if (pricing.amountFen() + pricing.discountFen() != pricing.listAmountFen()) {
            throw new IllegalArgumentException("the amount and the discount must add up to the list amount");
        }
        this.id = id;
        this.elderId = elderId;
        this.providerId = providerId;
        this.itemCode = itemCode;
        this.policyCode = policyCode;
        this.serviceDate = serviceDate;
        this.channel = channel;
        this.policyVersion = pricing.policyVersion();
        this.unit = pricing.unit();
        this.unitPriceFen = pricing.unitPriceFen();
        this.quantity = pricing.quantity();
        this.amountFen = pricing.amountFen();
        this.listAmountFen = pricing.listAmountFen();
        this.discountFen = pricing.discountFen();
        this.subsidyFen = pricing.subsidyFen();
        this.selfPayFen = pricing.selfPayFen();
        this.status = VisitStatus.CREATED;
        this.createdAt = createdAt;
        this.visit = new Visit(this);
    }

    /** The evidence of the visit (its own table, one-to-one): who, when, where, which photos, how confirmed. */
    public Visit visit() {
        return visit;
    }

    /**
     * Stored before the wallet is asked ({@code holdRequest}, exactly as sent), in the elder's community of the day:
     * nobody sees it as placed until the wallet answers.
     */
    public void awaitWallet(String holdRequest, String communityCode) {
        this.funding = Funding.PENDING;
        this.holdRequest = holdRequest;
        this.communityCode = communityCode;
    }

    /** Served without a visit (a dine-in meal at the canteen): never offered to a caregiver. */
    public void servedWithoutVisit() {
        this.dispatchable = false;
    }

    /** What the wallet was asked, as sent (null for orders placed before it was kept). */
    public String holdRequest() {
        return holdRequest;
    }

    /** The elder's community when the order was placed (null for orders placed before it was kept). */
    public String communityCode() {
        return communityCode;
    }

    /** The wallet's answer: held with its split, or waiting for the month's money (market price, all self-paid). */
    public void walletAnswered(boolean waiting, long listAmountFen, long discountFen, long subsidyFen,
            long selfPayFen) {
        if (funding != Funding.PENDING) {
            throw new IllegalStateException("order " + id + " is " + funding + ", not awaiting the wallet");
        }
        if (waiting) {
            this.listAmountFen = listAmountFen;
            this.discountFen = 0;
            this.subsidyFen = 0;
            this.selfPayFen = listAmountFen;
            this.amountFen = listAmountFen;
            this.funding = Funding.WAITING;
        } else {
            this.funding = Funding.WAITING;
            funded(listAmountFen, discountFen, subsidyFen, selfPayFen);
        }
    }

    /** The wallet held a waiting order: its payment split as the wallet decided it. False when it was not waiting. */
    public boolean funded(long listAmountFen, long discountFen, long subsidyFen, long selfPayFen) {
        if (funding != Funding.WAITING) {
            return false;
        }
        this.listAmountFen = listAmountFen;
        this.discountFen = discountFen;
        this.subsidyFen = subsidyFen;
        this.selfPayFen = selfPayFen;
        this.amountFen = subsidyFen + selfPayFen;
        this.funding = Funding.HELD;
        return true;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Funding funding() {
        return funding;
    }

    /** Offers the visit to one caregiver of the provider (an earlier offer that was declined is replaced). */
    public void dispatch(UUID caregiver, Instant at) {
        move(VisitStatus.DISPATCHED, "dispatched");
        visit.offered(caregiver, at);
    }

    /** The caregiver it was offered to takes it; anyone else is refused. */
    public void accept(UUID caregiver, Instant at) {
        requireOfferedTo(caregiver);
        move(VisitStatus.ACCEPTED, "accepted");
        visit.accepted(at);
    }

    /** The caregiver it was offered to (or who accepted it) gives it back before the visit; it waits for another. */
    public void decline(UUID caregiver) {
        requireOfferedTo(caregiver);
        move(VisitStatus.CREATED, "declined");
        visit.givenBack();
    }

    /** The caregiver who accepted it is at the door: the visit begins. */
    public void checkIn(UUID caregiver, Instant at, int distanceMetres, String photoSha256) {
        requireOfferedTo(caregiver);
        move(VisitStatus.CHECKED_IN, "checked in");
        visit.checkedIn(at, distanceMetres, photoSha256);
    }

    /** The caregiver who checked in ends the visit; returns the verified whole minutes between the two. */
    public long checkOut(UUID caregiver, Instant at, int distanceMetres, String photoSha256) {
        requireOfferedTo(caregiver);
        move(VisitStatus.CHECKED_OUT, "checked out");
        visit.checkedOut(at, distanceMetres, photoSha256);
        return verifiedMinutes();
    }

    /** The elder confirmed the visit themself, after the check-out. */
    public void confirm(String method, BigDecimal score, Instant at) {
        move(VisitStatus.CONFIRMED, "confirmed");
        visit.confirmed(method, score, at);
    }

    /**
     * An elder who can use neither face nor fingerprint signed on the caregiver's phone, the caregiver who made the
     * visit witnessing it: a weaker proof, kept with its image's hash and why, and flagged for a callback.
     */
    public void confirmByWitnessedSignature(UUID caregiver, String signatureSha256, String why, Instant at) {
        requireOfferedTo(caregiver);
        confirm("WITNESSED_SIGNATURE", null, at);
        visit.signed(signatureSha256, why);
    }

    /** The order's price and split as it stands (as ordered and held; after the check-out, as billed). */
    public Pricing pricing() {
        return new Pricing(policyVersion, unit, unitPriceFen, quantity, listAmountFen, discountFen, amountFen,
                subsidyFen, selfPayFen);
    }

    /**
     * An hourly visit is paid for its verified, rounded minutes (visit.VisitBilling):
     * never more than was held, so the wallet captures this and gives the rest back.
     */
    public void bill(Pricing billed, int billedMinutes) {
        if (status != VisitStatus.CHECKED_OUT) {
            throw new IllegalStateException("order " + id + " is billed at its check-out, not when " + status);
        }
        if (billed.subsidyFen() > subsidyFen || billed.amountFen() > amountFen
                || billed.subsidyFen() + billed.selfPayFen() != billed.amountFen()
                || billed.amountFen() + billed.discountFen() != billed.listAmountFen()) {
            throw new IllegalArgumentException("order " + id + " cannot be billed " + billed + " having held "
                    + pricing());
        }
        this.quantity = billed.quantity();
        this.listAmountFen = billed.listAmountFen();
        this.discountFen = billed.discountFen();
        this.amountFen = billed.amountFen();
        this.subsidyFen = billed.subsidyFen();
        this.selfPayFen = billed.selfPayFen();
        visit.billed(billedMinutes);
    }

    /** The minutes an hourly visit was billed for; null for other items and before the check-out. */
    public Integer billedMinutes() {
        return visit.billedMinutes();
    }

    /** The SHA-256 of the photo taken at the check-in; null before. */
    public String checkInPhoto() {
        return visit.checkInPhoto();
    }

    /** The minutes ordered of an hourly item (before the check-out bills what was verified). */
    public long orderedMinutes() {
        return quantity * 60L;
    }

    /** How the elder's confirmation is recorded on the completion. */
    public Verification confirmedVerification() {
        String confirmationMethod = visit.confirmationMethod();
        if (confirmationMethod == null) {
            throw new IllegalStateException("order " + id + " is not confirmed");
        }
        return switch (confirmationMethod) {
            case "KIOSK_FACE" -> Verification.FACE;
            case "WITNESSED_SIGNATURE" -> Verification.SIGNED_RECORD;
            default -> Verification.WEBAUTHN;
        };
    }

    /**
     * The bureau decided that a visit that began is not paid (an exception it did not accept): cancelled with the
     * reason, so its hold is released. Only a visit that began and is not completed.
     */
    public void reject(String reason, Instant at) {
        if (status != VisitStatus.CHECKED_IN && status != VisitStatus.CHECKED_OUT
                && status != VisitStatus.CONFIRMED) {
            throw Refusal.conflict("illegal-transition", "Not possible in this status",
                    "Order " + id + " is " + status + "; only a visit that began and is not completed is refused"
                            + " payment.");
        }
        this.status = VisitStatus.CANCELLED;
        this.cancelReason = reason;
        this.cancelledAt = at;
    }

    /**
     * A dine-in meal served at the canteen: the canteen's terminal matched the elder's face when the meal was taken,
     * so the order is confirmed and completed at once (no one is sent, there is no door).
     */
    public void servedAtCanteen(BigDecimal score, Instant at) {
        requireOpen("served");
        requireFunded();
        this.status = VisitStatus.COMPLETED;
        visit.confirmed("KIOSK_FACE", score, at);
        this.verification = Verification.FACE;
        this.completedAt = at;
    }

    /** The elder's passkey signed this visit's challenge, the phone having verified their fingerprint or face. */
    public void confirmByPasskey(String credentialId, Instant at) {
        confirm("WEBAUTHN", null, at);
        visit.passkey(credentialId);
    }

    /** How the elder confirmed (KIOSK_FACE, WEBAUTHN, WITNESSED_SIGNATURE); null before. */
    public String confirmationMethod() {
        return visit.confirmationMethod();
    }

    /** A confirmed visit is completed: it may be paid. */
    public void completeConfirmed(Verification how, Instant at) {
        requireFunded();
        move(VisitStatus.COMPLETED, "completed");
        this.verification = how;
        this.completedAt = at;
    }

    private void requireFunded() {
        if (funding != Funding.HELD) {
            throw Refusal.invalid("funds-not-held-yet", "The order's money is not held yet",
                    "Order " + id + " is for " + serviceDate + " and waits for that month's subsidy to be credited;"
                            + " it can be completed once the wallet holds it.");
        }
    }

    public Instant confirmedAt() {
        return visit.confirmedAt();
    }

    /** Whole minutes between check-in and check-out (a started minute is not paid); 0 before check-out. */
    public long verifiedMinutes() {
        return visit.verifiedMinutes();
    }

    public Instant checkedInAt() {
        return visit.checkedInAt();
    }

    public Instant checkedOutAt() {
        return visit.checkedOutAt();
    }

    private void requireOfferedTo(UUID caregiver) {
        if (visit.caregiverId() == null || !visit.caregiverId().equals(caregiver)) {
            throw Refusal.notFound("Order", id);
        }
    }

    private void move(VisitStatus target, String change) {
        if (status.isFinal()) {
            requireOpen(change);
        }
        if (!status.canMoveTo(target)) {
            throw Refusal.conflict("illegal-transition", "Not possible in this status",
                    "Order " + id + " is " + status + " and cannot be " + change + " (it may go on to "
                            + status.next() + ").");
        }
        this.status = target;
    }

    /** Cancelled before anyone checked in (a visit that began ends at the door, not here). */
    public void cancel(String reason, Instant at) {
        move(VisitStatus.CANCELLED, "cancelled");
        this.cancelReason = reason;
        this.cancelledAt = at;
    }

    private void requireOpen(String change) {
        if (status != VisitStatus.CREATED) {
            throw Refusal.conflict("order-not-open", "Order is no longer open",
                    "Order " + id + " is " + status + " and cannot be " + change + ".");
        }
    }

    /** Who the visit was offered to, or who accepted it; null before dispatch. */
    public UUID caregiverId() {
        return visit.caregiverId();
    }

    public Instant dispatchedAt() {
        return visit.dispatchedAt();
    }

    public Instant acceptedAt() {
        return visit.acceptedAt();
    }

    public UUID id() {
        return id;
    }

    public UUID elderId() {
        return elderId;
    }

    public UUID providerId() {
        return providerId;
    }

    public String itemCode() {
        return itemCode;
    }

    public String policyCode() {
        return policyCode;
    }

    public String unit() {
        return unit;
    }

    public long unitPriceFen() {
        return unitPriceFen;
    }

    public int quantity() {
        return quantity;
    }

    public long listAmountFen() {
        return listAmountFen;
    }

    public long discountFen() {
        return discountFen;
    }

    public long amountFen() {
        return amountFen;
    }

    public long subsidyFen() {
        return subsidyFen;
    }

    public long selfPayFen() {
        return selfPayFen;
    }

    public LocalDate serviceDate() {
        return serviceDate;
    }

    public Channel channel() {
        return channel;
    }

    public VisitStatus status() {
        return status;
    }

    public Verification verification() {
        return verification;
    }

    public Instant completedAt() {
        return completedAt;
    }

    public Instant cancelledAt() {
        return cancelledAt;
    }

    public String cancelReason() {
        return cancelReason;
    }
}
