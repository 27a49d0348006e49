package io.eldercare.eligibility.application;

import io.eldercare.eligibility.elder.ElderFiles;
import io.eldercare.events.ApplicationApproved;
import io.eldercare.events.ServiceTerminated;
import io.eldercare.events.PolicyPublished;
import io.eldercare.platform.domain.Refusal;
import io.eldercare.platform.messaging.Outbox;
import io.eldercare.platform.privacy.IdNumbers;
import io.eldercare.platform.web.DomainException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.util.UUID;
import io.eldercare.platform.security.Actor;
import io.eldercare.platform.security.Role;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Submitting and deciding applications. The full review chain (community, 公示, street, district) comes later. */
@RestController
@RequestMapping("/applications")
public class ApplicationController {

    private static final String CODE = "[A-Z0-9][A-Z0-9-]{1,39}";

    private final ApplicationRepository applications;
    private final Outbox outbox;
    private final Clock clock;
    private final ElderFiles elders;
    private final PackCategories packs;
    private final TransactionTemplate transaction;

    ApplicationController(ApplicationRepository applications, Outbox outbox, Clock clock, ElderFiles elders,
            PackCategories packs, TransactionTemplate transaction) {
        this.packs = packs;
        this.transaction = transaction;
        this.elders = elders;
        this.applications = applications;
        this.outbox = outbox;
        this.clock = clock;
    }

    /** A new application; the elder's file is found by ID number or opened. */
    public record SubmitApplication(
            @NotBlank @Pattern(regexp = CODE, message = "policyCode must be a code such as HUANGPI-2020")
            String policyCode,
            @NotBlank @Pattern(regexp = CODE, message = "category must be a code such as HP-DIBAO") String category,
            @NotBlank @Pattern(regexp = CODE, message = "streetCode must be a code") String streetCode,
            @NotBlank @Pattern(regexp = CODE, message = "communityCode must be a code") String communityCode,
            @NotNull(message = "serviceStart is required") LocalDate serviceStart,
            @NotNull(message = "elder is required: name, idNumber, phone, address") @Valid ElderDetails elder,
            LocalDate noticePostedOn) {
    }

    /** The day the community posted the application publicly (公示). */
    public record PublicNotice(@NotNull(message = "postedOn is required") LocalDate postedOn) {
    }

    /** The applicant's personal data (申请表): stored encrypted in their file, never in the application or events. */
    public record ElderDetails(@NotBlank(message = "elder.name is required") @Size(max = 50) String name,
            @NotBlank(message = "elder.idNumber is required") @Size(max = 18) String idNumber,
            @Pattern(regexp = "1\\d{10}", message = "elder.phone must be an 11-digit mobile number") String phone,
            @Size(max = 200) String address) {
    }

    /** A decision's reason. */
    public record Rejection(@NotBlank @Size(max = 500) String reason) {
    }

    /** What clients see of an application. */
    public record ApplicationView(UUID id, UUID elderId, String policyCode, String category, String streetCode,
            String communityCode, LocalDate serviceStart, String status, Instant decidedAt, String decisionNote,
            Integer noticeDays, LocalDate noticePostedOn, LocalDate noticeEndsOn, LocalDate terminatedOn,
            String terminationReason) {

        static ApplicationView of(Application a) {
            return new ApplicationView(a.id(), a.elderId(), a.policyCode(), a.category(), a.streetCode(),
                    a.communityCode(), a.serviceStart(), a.status().name(), a.decidedAt(), a.decisionNote(),
                    a.noticeDays(), a.noticePostedOn(), a.noticeEndsOn(), a.terminatedOn(),
                    a.terminationReason() == null ? null : a.terminationReason().name());
        }
    }

    /** Checks the pack with the catalog first, then opens the file and files the application in one transaction. */
    @PostMapping
    public ResponseEntity<ApplicationView> submit(@Valid @RequestBody SubmitApplication request) {
        Actor actor = Actor.current().require(Role.COMMUNITY_WORKER, Role.DISTRICT_ADMIN);
        if (actor.is(Role.COMMUNITY_WORKER) && (!request.communityCode().equals(actor.community())
                || actor.street() != null && !request.streetCode().equals(actor.street()))) {
            throw new DomainException(HttpStatus.FORBIDDEN, "outside-your-scope", "Not your community",
                    "You take applications for community " + actor.community() + " of street " + actor.street()
                            + " only; the street that approves is your own.");
        }
        if (!actor.inRegion(packs.regionOf(request.policyCode()))) {
            throw new DomainException(HttpStatus.FORBIDDEN, "outside-your-region", "Not your region's policy",
                    request.policyCode() + " is another region's policy; you file applications under your region's ("
                            + actor.region() + ") only.");
        }
        PackCategories.Terms terms = packs.require(request.policyCode(), request.category(), request.serviceStart());
        requireStartInRange(request.serviceStart(), "filed today");
        requireAge(request, terms.category());
        requireNotFuture(request.noticePostedOn());
        Application application = transaction.execute(status -> {
            UUID elderId = elders.register(new ElderFiles.PersonalData(request.elder().name(),
                    request.elder().idNumber(), request.elder().phone(), request.elder().address()),
                    request.streetCode(), request.communityCode());
            Application filed = new Application(elderId, request.policyCode(), request.category(),
                    request.streetCode(), request.communityCode(), request.serviceStart(), clock.instant());
            filed.filedBy(actor.subject());
            filed.noticeRule(terms.publicNoticeDays(), request.noticePostedOn());
            return applications.save(filed);
        });
        return ResponseEntity.created(URI.create("/applications/" + application.id()))
                .body(ApplicationView.of(application));
    }

    /**
     * A subsidy is paid from the month of approval on, never for months before it, and a start is set at most three
     * months ahead: from the 1st of this month to three months from today, Asia/Shanghai. An application filed late in
     * a month and approved in the next is approved with a new start in the body.
     */
    private void requireStartInRange(LocalDate serviceStart, String when) {
        LocalDate today = LocalDate.now(clock);
        LocalDate earliest = today.withDayOfMonth(1);
        LocalDate latest = today.plusMonths(3);
        if (serviceStart.isBefore(earliest) || serviceStart.isAfter(latest)) {
            throw Refusal.invalid("service-start-out-of-range", "Service start out of range",
                    "An application " + when + " may start service from " + earliest + " to " + latest
                            + ", not on " + serviceStart + ": no subsidy is paid for months before the approval,"
                            + " and a start is set at most three months ahead."
                            + ("approved today".equals(when) ? " Approve with {\"serviceStart\": \"" + earliest
                                    + "\"} or a day up to " + latest + "." : ""));
        }
    }

    /** The applicant is old enough on the service start for the category (黄陂 四(一): 60, or 80 for the fifth). */
    private static void requireAge(SubmitApplication request, PolicyPublished.Category category) {
        String idNumber = request.elder().idNumber();
        if (!IdNumbers.isValid(idNumber)) {
            return; // refused with its own message when the file is opened
        }
        int age = Period.between(IdNumbers.birthDate(idNumber), request.serviceStart()).getYears();
        if (age < category.minAge()) {
            throw Refusal.invalid("below-minimum-age", "Below the minimum age",
                    "The applicant is " + age + " on " + request.serviceStart() + "; category " + category.code()
                            + " (" + category.name() + ") is for people of " + category.minAge() + " and over.");
        }
    }

    @GetMapping("/{id}")
    @Transactional(readOnly = true)
    public ApplicationView get(@PathVariable UUID id) {
        return ApplicationView.of(visible(id, Role.DISTRICT_ADMIN, Role.AUDITOR, Role.COMMUNITY_WORKER,
                Role.STREET_REVIEWER));
    }

    /** The end of an approved service: the first day not served (today at the latest) and why. */
    public record Termination(@NotNull(message = "terminatedOn is required: the first day not served")
            LocalDate terminatedOn,
            @NotNull(message = "reason is required: DECEASED, MOVED_AWAY, ENTERED_INSTITUTION, NO_LONGER_ELIGIBLE"
                    + " or WITHDRAWN") Application.TerminationReason reason) {
    }

    /**
     * Ends an approved service (the street or the bureau): the wallet closes and its balance expires under the pack's
     * rule, and dispatch cancels the orders from that day. The day is today or earlier (recorded after the fact).
     */
    @PostMapping("/{id}/terminate")
    @Transactional
    public ApplicationView terminate(@PathVariable UUID id, @Valid @RequestBody Termination termination) {
        Application application = visible(id, Role.STREET_REVIEWER, Role.DISTRICT_ADMIN);
        LocalDate today = LocalDate.now(clock);
        if (termination.terminatedOn().isAfter(today)) {
            throw Refusal.invalid("termination-in-future", "Termination in the future",
                    "A service is terminated from today (" + today + ") at the latest, not " + termination.terminatedOn()
                            + "; record it on the day.");
        }
        application.terminate(termination.terminatedOn(), termination.reason());
        outbox.publish(new ServiceTerminated(application.id(), application.elderId(), application.policyCode(),
                termination.terminatedOn(), termination.reason().name(), clock.instant()));
        return ApplicationView.of(application);
    }

    /** An approval may move the service start into the months it may lie in (see {@link #requireStartInRange}). */
    public record Approval(LocalDate serviceStart) {
    }

    @PostMapping("/{id}/approve")
    @Transactional
    public ApplicationView approve(@PathVariable UUID id, @RequestBody(required = false) Approval approval) {
        Application application = visible(id, Role.STREET_REVIEWER, Role.DISTRICT_ADMIN);
        if (Actor.current().subject().equals(application.filedBy())) {
            throw new DomainException(HttpStatus.FORBIDDEN, "four-eyes", "Filed by you",
                    "You filed application " + id + "; another person approves it (four eyes).");
        }
        requireNoticeRunOut(application);
        if (approval != null && approval.serviceStart() != null) {
            requireStartInRange(approval.serviceStart(), "approved today");
            packs.require(application.policyCode(), application.category(), approval.serviceStart());
            application.startOn(approval.serviceStart());
        } else {
            requireStartInRange(application.serviceStart(), "approved today");
        }
        application.approve(clock.instant());
        outbox.publish(new ApplicationApproved(application.id(), application.elderId(), application.policyCode(),
                application.category(), application.communityCode(), application.serviceStart(),
                application.decidedAt()));
        return ApplicationView.of(application);
    }

    /** The community records the day it posted the application publicly (公示). */
    @PostMapping("/{id}/public-notice")
    @Transactional
    public ApplicationView publicNotice(@PathVariable UUID id, @Valid @RequestBody PublicNotice notice) {
        Application application = visible(id, Role.COMMUNITY_WORKER, Role.DISTRICT_ADMIN);
        requireNotFuture(notice.postedOn());
        application.postedPubliclyOn(notice.postedOn());
        return ApplicationView.of(application);
    }

    /** 黄陂 六(一): 公示无异议后 — the street approves once the notice has run the pack's days. */
    private void requireNoticeRunOut(Application application) {
        if (application.noticeDays() == null) {
            return;
        }
        if (application.noticePostedOn() == null) {
            throw Refusal.invalid("public-notice-missing", "Not yet publicly noticed",
                    "The community posts the application publicly for " + application.noticeDays()
                            + " days before approval (公示); record the day it was posted first.");
        }
        LocalDate today = LocalDate.now(clock);
        if (today.isBefore(application.noticeEndsOn())) {
            throw Refusal.invalid("public-notice-running", "Public notice still running",
                    "The public notice posted on " + application.noticePostedOn() + " runs "
                            + application.noticeDays() + " days; approve from " + application.noticeEndsOn() + ".");
        }
    }

    private void requireNotFuture(LocalDate postedOn) {
        if (postedOn != null && postedOn.isAfter(LocalDate.now(clock))) {
            throw Refusal.invalid("notice-in-future", "Notice date in the future",
                    "A notice is recorded once posted, not for " + postedOn + ".");
        }
    }

    @PostMapping("/{id}/reject")
    @Transactional
    public ApplicationView reject(@PathVariable UUID id, @Valid @RequestBody Rejection rejection) {
        Application application = visible(id, Role.STREET_REVIEWER, Role.DISTRICT_ADMIN);
        application.reject(clock.instant(), rejection.reason());
        return ApplicationView.of(application);
    }

    /**
     * The application if the caller's role may act on it and it lies in their scope (a community worker's
     * community, a street reviewer's street); outside the scope it does not exist for them (404).
     */
    private Application visible(UUID id, Role... allowed) {
        Actor actor = Actor.current().require(allowed);
        Application application = applications.findById(id)
                .orElseThrow(() -> Refusal.notFound("Application", id));
        boolean inScope = actor.inRegion(packs.regionOf(application.policyCode())) && switch (actor.role()) {
            case COMMUNITY_WORKER -> application.communityCode().equals(actor.community());
            case STREET_REVIEWER -> application.streetCode().equals(actor.street());
            default -> true;
        };
        if (!inScope) {
            throw Refusal.notFound("Application", id);
        }
        return application;
    }
}
