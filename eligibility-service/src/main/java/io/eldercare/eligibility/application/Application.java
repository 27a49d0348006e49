package io.eldercare.eligibility.application;

import io.eldercare.platform.domain.Refusal;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/** An elder's application; it is decided once, approved or rejected. */
@Entity
@Table(name = "application")
public class Application {

    /** Where an application stands. */
    public enum Status { SUBMITTED, APPROVED, REJECTED, TERMINATED }

    /** Why a service ends. */
    public enum TerminationReason { DECEASED, MOVED_AWAY, ENTERED_INSTITUTION, NO_LONGER_ELIGIBLE, WITHDRAWN }

    @Id
    private UUID id;
    @Column(name = "elder_id")
    private UUID elderId;
    @Column(name = "policy_code")
    private String policyCode;
    private String category;
    @Column(name = "community_code")
    private String communityCode;
    @Column(name = "street_code")
    private String streetCode;
    @Column(name = "service_start")
    private LocalDate serviceStart;
    @Enumerated(EnumType.STRING)
    private Status status;
    @Column(name = "submitted_at")
    private Instant submittedAt;
    @Column(name = "decided_at")
    private Instant decidedAt;
    @Column(name = "decision_note")
    private String decisionNote;
    @Column(name = "notice_days")
    private Integer noticeDays;
    @Column(name = "notice_posted_on")
    private LocalDate noticePostedOn;
    @Column(name = "terminated_on")
    private LocalDate terminatedOn;
    @Column(name = "filed_by")
    private String filedBy;
    @Enumerated(EnumType.STRING)
    @Column(name = "termination_reason")
    private TerminationReason terminationReason;
    @Version
    private long version;

    protected Application() {
    }

    public Application(UUID elderId, String policyCode, String category, String streetCode, String communityCode,
            LocalDate serviceStart, Instant submittedAt) {
        this.streetCode = streetCode;
        this.id = UUID.randomUUID();
        this.elderId = elderId;
        this.policyCode = policyCode;
        this.category = category;
        this.communityCode = communityCode;
        this.serviceStart = serviceStart;
        this.status = Status.SUBMITTED;
        this.submittedAt = submittedAt;
    }

    /** The pack's public-notice rule at filing (null: none) and the day the community posted the notice, if yet. */
    public void noticeRule(Integer days, LocalDate postedOn) {
        this.noticeDays = days;
        this.noticePostedOn = postedOn;
    }

    /**
     * Records the day the community posted the application publicly (公示): a day already come, and only while the
     * application awaits a decision.
     */
    public void postedPubliclyOn(LocalDate day, LocalDate today) {
        NoticePeriod.requirePostedBy(day, today);
        if (status != Status.SUBMITTED) {
            throw Refusal.conflict("application-decided", "Already decided",
                    "Application " + id + " is already " + status + ".");
        }
        this.noticePostedOn = day;
    }

    /** The first day the application may be approved: the notice has run its days (null: no notice needed). */
    public LocalDate noticeEndsOn() {
        return notice().endsOn();
    }

    /** 黄陂 六(一) 公示无异议后: refuses an approval today before the pack's public notice has run its days. */
    public void requireNoticeRunOut(LocalDate today) {
        notice().requireRunOutBy(today);
    }

    private NoticePeriod notice() {
        return new NoticePeriod(noticeDays, noticePostedOn);
    }

    public Integer noticeDays() {
        return noticeDays;
    }

    public LocalDate noticePostedOn() {
        return noticePostedOn;
    }

    /** Moves the service start of an application still to be decided (the reviewer does it at approval). */
    public void startOn(LocalDate day) {
        if (status != Status.SUBMITTED) {
            throw Refusal.conflict("application-already-decided", "Application already decided",
                    "Application " + id + " is already " + status + "; its service start is fixed.");
        }
        this.serviceStart = day;
    }

    public void approve(Instant at) {
        decide(Status.APPROVED, at, null);
    }

    /**
     * Ends an approved service from {@code on} (the first day not served), once. The end is recorded on the day or
     * after the fact: {@code on} is today at the latest.
     */
    public void terminate(LocalDate on, TerminationReason reason, LocalDate today) {
        if (on.isAfter(today)) {
            throw Refusal.invalid("termination-in-future", "Termination in the future",
                    "A service is terminated from today (" + today + ") at the latest, not " + on
                            + "; record it on the day.");
        }
        if (status != Status.APPROVED) {
            throw Refusal.conflict("application-not-approved", "Not an approved service",
                    "Application " + id + " is " + status + "; only an approved service can be terminated, once.");
        }
        if (on.isBefore(serviceStart)) {
            throw Refusal.invalid("termination-before-start", "Before the service start",
                    "The service of application " + id + " starts on " + serviceStart + "; it cannot end on " + on
                            + ".");
        }
        this.status = Status.TERMINATED;
        this.terminatedOn = on;
        this.terminationReason = reason;
    }

    /** Records who filed it: they may not also approve it. */
    public void filedBy(String subject) {
        this.filedBy = subject;
    }

    public String filedBy() {
        return filedBy;
    }

    public LocalDate terminatedOn() {
        return terminatedOn;
    }

    public TerminationReason terminationReason() {
        return terminationReason;
    }

    public void reject(Instant at, String reason) {
        decide(Status.REJECTED, at, reason);
    }

    private void decide(Status decision, Instant at, String note) {
        if (status != Status.SUBMITTED) {
            throw Refusal.conflict("application-already-decided", "Application already decided",
                    "Application " + id + " is already " + status + "; a decision is taken once.");
        }
        this.status = decision;
        this.decidedAt = at;
        this.decisionNote = note;
    }

    public UUID id() {
        return id;
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

    public String streetCode() {
        return streetCode;
    }

    public LocalDate serviceStart() {
        return serviceStart;
    }

    public Status status() {
        return status;
    }

    public Instant decidedAt() {
        return decidedAt;
    }

    public String decisionNote() {
        return decisionNote;
    }
}
