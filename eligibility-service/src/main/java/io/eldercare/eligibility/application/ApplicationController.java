package io.eldercare.eligibility.application;

import io.eldercare.eligibility.elder.ElderFiles;
import io.eldercare.platform.security.Actor;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Submitting and deciding applications over HTTP; the rules are {@link Applications}' and the aggregate's. The full
 * review chain (community, 公示, street, district) comes later.
 */
@RestController
@RequestMapping("/applications")
public class ApplicationController {

    private static final String CODE = "[A-Z0-9][A-Z0-9-]{1,39}";

    private final Applications applications;

    ApplicationController(Applications applications) {
        this.applications = applications;
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

        Applications.Filing filing() {
            return new Applications.Filing(policyCode, category, streetCode, communityCode, serviceStart,
                    new ElderFiles.PersonalData(elder.name(), elder.idNumber(), elder.phone(), elder.address()),
                    noticePostedOn);
        }
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

    /** The end of an approved service: the first day not served (today at the latest) and why. */
    public record Termination(@NotNull(message = "terminatedOn is required: the first day not served")
            LocalDate terminatedOn,
            @NotNull(message = "reason is required: DECEASED, MOVED_AWAY, ENTERED_INSTITUTION, NO_LONGER_ELIGIBLE"
                    + " or WITHDRAWN") Application.TerminationReason reason) {
    }

    /** An approval may move the service start into the months it may lie in (see {@link ServiceStartWindow}). */
    public record Approval(LocalDate serviceStart) {
    }

    @PostMapping
    public ResponseEntity<ApplicationView> submit(@Valid @RequestBody SubmitApplication request) {
        Application application = applications.submit(request.filing(), Actor.current());
        return ResponseEntity.created(URI.create("/applications/" + application.id()))
                .body(ApplicationView.of(application));
    }

    @GetMapping("/{id}")
    public ApplicationView get(@PathVariable UUID id) {
        return ApplicationView.of(applications.get(id, Actor.current()));
    }

    @PostMapping("/{id}/terminate")
    public ApplicationView terminate(@PathVariable UUID id, @Valid @RequestBody Termination termination) {
        return ApplicationView.of(applications.terminate(id, termination.terminatedOn(), termination.reason(),
                Actor.current()));
    }

    @PostMapping("/{id}/approve")
    public ApplicationView approve(@PathVariable UUID id, @RequestBody(required = false) Approval approval) {
        return ApplicationView.of(applications.approve(id, approval == null ? null : approval.serviceStart(),
                Actor.current()));
    }

    @PostMapping("/{id}/public-notice")
    public ApplicationView publicNotice(@PathVariable UUID id, @Valid @RequestBody PublicNotice notice) {
        return ApplicationView.of(applications.postedPubliclyOn(id, notice.postedOn(), Actor.current()));
    }

    @PostMapping("/{id}/reject")
    public ApplicationView reject(@PathVariable UUID id, @Valid @RequestBody Rejection rejection) {
        return ApplicationView.of(applications.reject(id, rejection.reason(), Actor.current()));
    }
}
