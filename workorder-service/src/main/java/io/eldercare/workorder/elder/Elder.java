package io.eldercare.workorder.elder;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/** An elder approved for service, registered for dispatch from ApplicationApproved. */
@Entity
@Table(name = "elder")
public class Elder {

    @Id
    @Column(name = "elder_id")
    private UUID elderId;
    @Column(name = "policy_code")
    private String policyCode;
    private String category;
    @Column(name = "community_code")
    private String communityCode;
    @Column(name = "service_start")
    private LocalDate serviceStart;
    @Column(name = "registered_at")
    private Instant registeredAt;

    protected Elder() {
    }

    public Elder(UUID elderId, String policyCode, String category, String communityCode, LocalDate serviceStart,
            Instant registeredAt) {
        this.elderId = elderId;
        this.policyCode = policyCode;
        this.category = category;
        this.communityCode = communityCode;
        this.serviceStart = serviceStart;
        this.registeredAt = registeredAt;
    }

    /** The first day the elder is no longer served (null: served). */
    @Column(name = "terminated_on")
    private LocalDate terminatedOn;

    public void terminate(LocalDate on) {
        this.terminatedOn = on;
    }

    public LocalDate terminatedOn() {
        return terminatedOn;
    }

    /** A later approval of the same elder: orders from now on follow its policy, category and community. */
    public void reapprove(String policyCode, String category, String communityCode) {
        this.terminatedOn = null;
        this.policyCode = policyCode;
        this.category = category;
        this.communityCode = communityCode;
    }

    public UUID elderId() {
        return elderId;
    }

    public String policyCode() {
        return policyCode;
    }

    public String category() {
        return category;
    }

    public String communityCode() {
        return communityCode;
    }

    public LocalDate serviceStart() {
        return serviceStart;
    }
}
