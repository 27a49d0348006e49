package io.eldercare.catalog.facility;

import io.eldercare.platform.domain.Refusal;
import io.eldercare.platform.security.Actor;
import io.eldercare.platform.security.Role;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The bureau registers facilities under its region's packs; anyone signed in reads them, within their region (another
 * region's facility is not found); the canteen subsidy is the bureau's figure.
 */
@RestController
@Validated
public class FacilityController {

    private final Facilities facilities;
    private final Clock clock;

    FacilityController(Facilities facilities, Clock clock) {
        this.facilities = facilities;
        this.clock = clock;
    }

    /** A facility as registered. */
    public record FacilityRequest(@NotBlank String policyCode, @NotNull Facilities.Kind kind,
            @NotBlank @Size(max = 200) String name, @NotBlank @Size(max = 40) String communityCode,
            Facilities.Zone zone, @NotBlank @Size(max = 500) String use, UUID operatorId,
            @NotNull LocalDate openedOn) {
    }

    @PostMapping("/facilities")
    @ResponseStatus(HttpStatus.CREATED)
    public Map<String, Object> register(@Valid @RequestBody FacilityRequest r) {
        Actor actor = Actor.current().require(Role.DISTRICT_ADMIN);
        return Map.of("id", facilities.register(r.policyCode(), r.kind(), r.name(), r.communityCode(), r.zone(),
                r.use(), r.operatorId(), r.openedOn(), actor));
    }

    @GetMapping("/facilities/{id}")
    public Facilities.Facility get(@PathVariable UUID id,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate on) {
        return facilities.visible(id, on == null ? LocalDate.now(clock) : on, Actor.current());
    }

    @GetMapping("/facilities/{id}/canteen-subsidy")
    public Facilities.CanteenSubsidy canteenSubsidy(@PathVariable UUID id,
            @RequestParam @Min(2000) @Max(2100) int year) {
        Actor actor = Actor.current().require(Role.DISTRICT_ADMIN, Role.AUDITOR, Role.PROVIDER_ADMIN);
        Facilities.Facility facility = facilities.visible(id, LocalDate.now(clock), actor);
        if (actor.is(Role.PROVIDER_ADMIN) && !Objects.equals(facility.operatorId(), actor.provider())) {
            throw Refusal.notFound("Facility", id);
        }
        return facilities.canteenSubsidy(facility, year);
    }
}
