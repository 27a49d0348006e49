package io.eldercare.catalog.proposal;

import io.eldercare.catalog.item.ServiceItem;
import io.eldercare.platform.domain.Refusal;
import io.eldercare.platform.security.Actor;
import io.eldercare.platform.security.Role;
import io.eldercare.platform.web.DomainException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Operators (and the bureau's own staff) file change proposals; only the bureau decides them. */
@RestController
@Validated
public class ProposalController {

    private final Proposals proposals;

    ProposalController(Proposals proposals) {
        this.proposals = proposals;
    }

    /** A change to an item's price, a new item, or a facility's new use, from a later date. */
    public record ProposalRequest(@NotBlank String policyCode, @NotNull Proposals.Kind kind,
            @Pattern(regexp = "[A-Z0-9][A-Z0-9-]{1,39}", message = "itemCode must be a catalogue code")
            String itemCode,
            UUID facilityId,
            @Positive(message = "priceFen must be a positive amount in fen") Long priceFen,
            @Size(max = 30) String category, @Size(max = 100) String name, @Size(max = 2000) String content,
            @Size(max = 2000) String standard, ServiceItem.Unit unit, @Size(max = 500) String newUse,
            @NotNull(message = "effectiveFrom is required") LocalDate effectiveFrom,
            @NotBlank(message = "say why the change is needed") @Size(max = 1000) String reason) {
    }

    /** The bureau's reasons. */
    public record Decision(@Size(max = 1000) String note) {
    }

    @PostMapping("/proposals")
    public ResponseEntity<Proposals.Proposal> propose(@Valid @RequestBody ProposalRequest r) {
        Actor actor = ownProvider(Actor.current().require(Role.PROVIDER_ADMIN, Role.DISTRICT_ADMIN));
        UUID id = proposals.propose(new Proposals.Draft(r.policyCode(), r.kind(), r.itemCode(), r.facilityId(),
                r.priceFen(), r.category(), r.name(), r.content(), r.standard(), r.unit(), r.newUse(),
                r.effectiveFrom(), r.reason()), actor);
        return ResponseEntity.created(URI.create("/proposals/" + id)).body(proposals.find(id));
    }

    @PostMapping("/proposals/{id}/approve")
    public Proposals.Proposal approve(@PathVariable UUID id, @Valid @RequestBody(required = false) Decision d) {
        Actor actor = Actor.current().require(Role.DISTRICT_ADMIN);
        return proposals.approve(id, actor, d == null ? null : d.note());
    }

    @PostMapping("/proposals/{id}/reject")
    public Proposals.Proposal reject(@PathVariable UUID id, @Valid @RequestBody(required = false) Decision d) {
        Actor actor = Actor.current().require(Role.DISTRICT_ADMIN);
        return proposals.reject(id, actor, d == null ? null : d.note());
    }

    @GetMapping("/proposals/{id}")
    public Proposals.Proposal get(@PathVariable UUID id) {
        Actor actor = ownProvider(Actor.current().require(Role.DISTRICT_ADMIN, Role.AUDITOR, Role.PROVIDER_ADMIN));
        Proposals.Proposal p = proposals.find(id, actor);
        if (actor.is(Role.PROVIDER_ADMIN) && !actor.provider().equals(p.providerId())) {
            throw Refusal.notFound("Proposal", id);
        }
        return p;
    }

    @GetMapping("/proposals")
    public List<Proposals.Proposal> list(@RequestParam(required = false)
            @Pattern(regexp = "PROPOSED|APPROVED|REJECTED", message = "status is PROPOSED, APPROVED or REJECTED")
            String status) {
        Actor actor = ownProvider(Actor.current().require(Role.DISTRICT_ADMIN, Role.AUDITOR, Role.PROVIDER_ADMIN));
        return proposals.list(status, actor.is(Role.PROVIDER_ADMIN) ? actor.provider() : null, actor);
    }

    /** A provider's administrator acts for the provider named in the token, and only with one. */
    private static Actor ownProvider(Actor actor) {
        if (actor.is(Role.PROVIDER_ADMIN) && actor.provider() == null) {
            throw new DomainException(HttpStatus.FORBIDDEN, "no-provider",
                    "No provider in the token", "A provider's administrator signs in for one provider.");
        }
        return actor;
    }
}
