package io.eldercare.catalog.provider;

import io.eldercare.platform.domain.Refusal;
import io.eldercare.platform.security.Actor;
import io.eldercare.platform.security.Role;
import io.eldercare.platform.security.Scopes;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The bureau registers, contracts and suspends providers; a provider sees its own status. */
@RestController
public class ProviderController {

    private final Providers providers;

    ProviderController(Providers providers) {
        this.providers = providers;
    }

    /** A provider applying with evidence for each condition of 五(二). */
    public record Registration(@NotBlank @Size(max = 200) String name,
            @NotNull List<Providers.Qualification> qualifications) {
    }

    /** A contract: which items of which pack, in which communities, from when (to when: two years by default). */
    public record ContractRequest(@NotBlank String policyCode, @NotNull LocalDate startsOn, LocalDate endsOn,
            @NotNull List<String> items, @NotNull List<String> communities) {
    }

    /** Why a provider is suspended. */
    public record Suspension(@NotBlank @Size(max = 500) String reason) {
    }

    @PostMapping("/providers")
    @ResponseStatus(HttpStatus.CREATED)
    public Map<String, Object> register(@Valid @RequestBody Registration registration) {
        Actor.current().require(Role.DISTRICT_ADMIN);
        UUID id = providers.register(registration.name(), registration.qualifications());
        return Map.of("id", id, "status", "ACTIVE");
    }

    @PostMapping("/providers/{id}/contracts")
    @ResponseStatus(HttpStatus.CREATED)
    public Map<String, Object> contract(@PathVariable UUID id, @Valid @RequestBody ContractRequest request) {
        Actor.current().require(Role.DISTRICT_ADMIN);
        return Map.of("id", providers.contract(id, request.policyCode(), request.startsOn(), request.endsOn(),
                request.items(), request.communities()));
    }

    @PostMapping("/providers/{id}/suspend")
    public Map<String, Object> suspend(@PathVariable UUID id, @Valid @RequestBody Suspension suspension) {
        Actor.current().require(Role.DISTRICT_ADMIN);
        providers.suspend(id, suspension.reason());
        return Map.of("id", id, "status", "SUSPENDED");
    }

    /** For dispatch (and the bureau): may this provider serve this item in this community on this day? */
    @GetMapping("/providers/{id}/serves")
    public Providers.Serving serves(@PathVariable UUID id, @RequestParam @NotBlank String policy,
            @RequestParam @NotBlank String item, @RequestParam @NotBlank String community,
            @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate on) {
        Actor actor = Actor.current().requireServiceScope(Scopes.CATALOG_READ).require(Role.SERVICE,
                Role.DISTRICT_ADMIN, Role.OPERATOR, Role.AUDITOR, Role.PROVIDER_ADMIN);
        if (actor.is(Role.PROVIDER_ADMIN) && !id.equals(actor.provider())) {
            throw Refusal.notFound("Provider", id);
        }
        return providers.serves(id, policy, item, community, on);
    }

    @GetMapping("/providers/{id}")
    public Map<String, Object> get(@PathVariable UUID id) {
        Actor actor = Actor.current().require(Role.DISTRICT_ADMIN, Role.AUDITOR, Role.ASSESSOR, Role.PROVIDER_ADMIN);
        if (actor.is(Role.PROVIDER_ADMIN) && !id.equals(actor.provider())) {
            throw Refusal.notFound("Provider", id);
        }
        return Map.of("id", id, "status", providers.status(id));
    }
}
