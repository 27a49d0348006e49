package io.eldercare.catalog.staff;

import io.eldercare.catalog.staff.StaffRegistry.Certificate;
import io.eldercare.catalog.staff.StaffRegistry.Profession;
import io.eldercare.catalog.staff.StaffRegistry.Skill;
import io.eldercare.platform.domain.Refusal;
import io.eldercare.platform.security.Actor;
import io.eldercare.platform.security.Role;
import io.eldercare.platform.security.Scopes;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** A provider keeps its own staff files; the bureau, auditors and assessors read them; dispatch asks about items. */
@RestController
@Validated
public class StaffController {

    private final StaffRegistry staff;
    private final Clock clock;

    StaffController(StaffRegistry staff, Clock clock) {
        this.staff = staff;
        this.clock = clock;
    }

    /** A certificate as filed. */
    public record CertificateRequest(@NotNull Profession profession, @NotBlank @Size(max = 60) String number,
            @NotNull LocalDate expiresOn) {
    }

    /** A skill as filed. */
    public record SkillRequest(@NotBlank String policyCode, @NotBlank String itemCode) {
    }

    /** A new staff member. */
    public record StaffRequest(@NotBlank @Size(max = 100) String name, @NotNull Profession profession,
            @NotBlank(message = "a health certificate is required (五(三)1)") @Size(max = 60) String healthCertNo,
            @NotNull LocalDate healthCertExpires, @NotNull @Valid List<CertificateRequest> certificates,
            @NotNull @Valid List<SkillRequest> skills) {
    }

    /** A renewed health certificate. */
    public record HealthCertificate(@NotBlank @Size(max = 60) String number, @NotNull LocalDate expires) {
    }

    /** A completed training. */
    public record TrainingRequest(@NotBlank @Size(max = 200) String course,
            @NotNull @Min(1) @Max(2000) Integer hours, @NotNull LocalDate completedOn,
            @NotBlank @Size(max = 200) String trainer) {
    }

    @PostMapping("/providers/{providerId}/staff")
    @ResponseStatus(HttpStatus.CREATED)
    public Map<String, Object> register(@PathVariable UUID providerId, @Valid @RequestBody StaffRequest r) {
        requireProvider(providerId);
        UUID id = staff.register(providerId, r.name(), r.profession(), r.healthCertNo(), r.healthCertExpires(),
                r.certificates().stream().map(c -> new Certificate(c.profession(), c.number(), c.expiresOn()))
                        .toList(),
                skills(r.skills()));
        return Map.of("id", id);
    }

    @PostMapping("/staff/{id}/certificates")
    public StaffRegistry.StaffMember certificate(@PathVariable UUID id, @Valid @RequestBody CertificateRequest c) {
        requireProvider(staff.providerOf(id));
        staff.addCertificate(id, new Certificate(c.profession(), c.number(), c.expiresOn()));
        return staff.find(id);
    }

    @PutMapping("/staff/{id}/health-certificate")
    public StaffRegistry.StaffMember health(@PathVariable UUID id, @Valid @RequestBody HealthCertificate h) {
        requireProvider(staff.providerOf(id));
        staff.renewHealthCertificate(id, h.number(), h.expires());
        return staff.find(id);
    }

    @PostMapping("/staff/{id}/skills")
    public StaffRegistry.StaffMember skills(@PathVariable UUID id, @Valid @RequestBody List<@Valid SkillRequest> s) {
        requireProvider(staff.providerOf(id));
        staff.addSkillsAndAnnounce(id, skills(s));
        return staff.find(id);
    }

    @PostMapping("/staff/{id}/training")
    public StaffRegistry.StaffMember training(@PathVariable UUID id, @Valid @RequestBody TrainingRequest t) {
        requireProvider(staff.providerOf(id));
        staff.recordTraining(id, new StaffRegistry.Training(t.course(), t.hours(), t.completedOn(), t.trainer()));
        return staff.find(id);
    }

    @GetMapping("/staff/{id}")
    public StaffRegistry.StaffMember get(@PathVariable UUID id) {
        readable(staff.providerOf(id), id);
        return staff.find(id);
    }

    @GetMapping("/staff/{id}/qualification")
    public StaffRegistry.Qualification qualification(@PathVariable UUID id, @RequestParam @NotBlank String policy,
            @RequestParam @NotBlank String item,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate on) {
        readable(staff.providerOf(id), id);
        return staff.qualification(id, policy, item, on == null ? LocalDate.now(clock) : on);
    }

    private static List<Skill> skills(List<SkillRequest> requests) {
        return requests.stream().map(s -> new Skill(s.policyCode(), s.itemCode())).toList();
    }

    /** The provider's own administrator, or the bureau, keeps the file. */
    private static void requireProvider(UUID providerId) {
        Actor actor = Actor.current().require(Role.PROVIDER_ADMIN, Role.DISTRICT_ADMIN);
        if (actor.is(Role.PROVIDER_ADMIN) && !providerId.equals(actor.provider())) {
            throw Refusal.notFound("Provider", providerId);
        }
    }

    private static void readable(UUID providerId, UUID staffId) {
        Actor actor = Actor.current().requireServiceScope(Scopes.CATALOG_READ).require(Role.PROVIDER_ADMIN,
                Role.DISTRICT_ADMIN, Role.AUDITOR, Role.ASSESSOR, Role.OPERATOR, Role.SERVICE);
        if (actor.is(Role.PROVIDER_ADMIN) && !providerId.equals(actor.provider())) {
            throw Refusal.notFound("Staff member", staffId);
        }
    }
}
