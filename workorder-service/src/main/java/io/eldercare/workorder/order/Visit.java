package io.eldercare.workorder.order;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.MapsId;
import jakarta.persistence.OneToOne;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * The evidence of an order's visit, one-to-one with it (its own table, keyed by the order id): who was sent and when,
 * when she accepted, when and how far from the home she checked in and out and with which photos, how the elder
 * confirmed (method, face-match score, witnessed signature and why, passkey credential), and the minutes billed. Part of
 * the {@link WorkOrder} aggregate: changed only through the order, which holds the status and the money.
 */
@Entity
@Table(name = "visit")
public class Visit {

    @Id
    @Column(name = "order_id")
    private UUID orderId;
    @MapsId
    @OneToOne
    @JoinColumn(name = "order_id")
    private WorkOrder order;
    @Column(name = "caregiver_id")
    private UUID caregiverId;
    @Column(name = "dispatched_at")
    private Instant dispatchedAt;
    @Column(name = "accepted_at")
    private Instant acceptedAt;
    @Column(name = "checked_in_at")
    private Instant checkedInAt;
    @Column(name = "check_in_distance_m")
    private Integer checkInDistanceMetres;
    @Column(name = "check_in_photo")
    private String checkInPhoto;
    @Column(name = "checked_out_at")
    private Instant checkedOutAt;
    @Column(name = "check_out_distance_m")
    private Integer checkOutDistanceMetres;
    @Column(name = "check_out_photo")
    private String checkOutPhoto;
    @Column(name = "confirmed_at")
    private Instant confirmedAt;
    @Column(name = "confirmation_method")
    private String confirmationMethod;
    @Column(name = "confirmation_score")
    private BigDecimal confirmationScore;
    @Column(name = "confirmation_signature")
    private String confirmationSignature;
    @Column(name = "confirmation_note")
    private String confirmationNote;
    @Column(name = "confirmation_credential")
    private String confirmationCredential;
    @Column(name = "billed_minutes")
    private Integer billedMinutes;

    protected Visit() {
    }

    Visit(WorkOrder order) {
        this.order = order;
        this.orderId = order.id();
    }

    void offered(UUID caregiver, Instant at) {
        this.caregiverId = caregiver;
        this.dispatchedAt = at;
        this.acceptedAt = null;
    }

    void accepted(Instant at) {
        this.acceptedAt = at;
    }

    void givenBack() {
        this.caregiverId = null;
        this.dispatchedAt = null;
        this.acceptedAt = null;
    }

    void checkedIn(Instant at, int distanceMetres, String photoSha256) {
        this.checkedInAt = at;
        this.checkInDistanceMetres = distanceMetres;
        this.checkInPhoto = photoSha256;
    }

    void checkedOut(Instant at, int distanceMetres, String photoSha256) {
        this.checkedOutAt = at;
        this.checkOutDistanceMetres = distanceMetres;
        this.checkOutPhoto = photoSha256;
    }

    void confirmed(String method, BigDecimal score, Instant at) {
        this.confirmationMethod = method;
        this.confirmationScore = score;
        this.confirmedAt = at;
    }

    void signed(String signatureSha256, String why) {
        this.confirmationSignature = signatureSha256;
        this.confirmationNote = why;
    }

    void passkey(String credentialId) {
        this.confirmationCredential = credentialId;
    }

    void billed(int minutes) {
        this.billedMinutes = minutes;
    }

    /** Whole minutes between check-in and check-out (a started minute is not paid); 0 before check-out. */
    public long verifiedMinutes() {
        return checkedInAt == null || checkedOutAt == null ? 0
                : Duration.between(checkedInAt, checkedOutAt).toMinutes();
    }

    public UUID orderId() {
        return orderId;
    }

    /** Who the visit was offered to, or who accepted it; null before dispatch. */
    public UUID caregiverId() {
        return caregiverId;
    }

    public Instant dispatchedAt() {
        return dispatchedAt;
    }

    public Instant acceptedAt() {
        return acceptedAt;
    }

    public Instant checkedInAt() {
        return checkedInAt;
    }

    public Integer checkInDistanceMetres() {
        return checkInDistanceMetres;
    }

    /** The SHA-256 of the photo taken at the check-in; null before. */
    public String checkInPhoto() {
        return checkInPhoto;
    }

    public Instant checkedOutAt() {
        return checkedOutAt;
    }

    public Integer checkOutDistanceMetres() {
        return checkOutDistanceMetres;
    }

    public String checkOutPhoto() {
        return checkOutPhoto;
    }

    public Instant confirmedAt() {
        return confirmedAt;
    }

    /** How the elder confirmed (KIOSK_FACE, WEBAUTHN, WITNESSED_SIGNATURE); null before. */
    public String confirmationMethod() {
        return confirmationMethod;
    }

    public BigDecimal confirmationScore() {
        return confirmationScore;
    }

    public String confirmationSignature() {
        return confirmationSignature;
    }

    public String confirmationNote() {
        return confirmationNote;
    }

    public String confirmationCredential() {
        return confirmationCredential;
    }

    /** The minutes an hourly visit was billed for; null for other items and before the check-out. */
    public Integer billedMinutes() {
        return billedMinutes;
    }
}
