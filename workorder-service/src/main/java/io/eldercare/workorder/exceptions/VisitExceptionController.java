package io.eldercare.workorder.exceptions;

import io.eldercare.platform.domain.Refusal;
import io.eldercare.platform.readmodel.PolicyPacks;
import io.eldercare.platform.security.Actor;
import io.eldercare.platform.security.Role;
import io.eldercare.platform.web.DomainException;
import io.eldercare.workorder.order.OrderService;
import io.eldercare.workorder.order.WorkOrder;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.YearMonth;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The exceptions queue: the bureau sees its region's, a provider its own; the provider explains, the bureau resolves;
 * counts per provider and reason for the evaluation.
 */
@RestController
public class VisitExceptionController {

    private final VisitExceptions exceptions;
    private final ExceptionDecisions decisions;
    private final OrderService orders;
    private final PolicyPacks packs;

    VisitExceptionController(VisitExceptions exceptions, ExceptionDecisions decisions, OrderService orders,
            PolicyPacks packs) {
        this.exceptions = exceptions;
        this.decisions = decisions;
        this.orders = orders;
        this.packs = packs;
    }

    /** Exceptions not resolved yet (or in {@code status}), oldest first; the provider's own or the region's. */
    @GetMapping("/visit-exceptions")
    public List<VisitExceptions.VisitException> queue(@RequestParam(required = false) String status,
            @RequestParam(required = false) UUID providerId) {
        Actor actor = Actor.current().require(Role.DISTRICT_ADMIN, Role.AUDITOR, Role.PROVIDER_ADMIN);
        if (status != null && !List.of("OPEN", "EXPLAINED", "RESOLVED").contains(status)) {
            throw new DomainException(HttpStatus.BAD_REQUEST, "invalid-request", "Unknown status",
                    "status is OPEN, EXPLAINED or RESOLVED (or none: every exception not resolved yet).");
        }
        UUID provider = actor.is(Role.PROVIDER_ADMIN) ? actor.provider() : providerId;
        return exceptions.list(status, provider, actor.boundingRegion());
    }

    /** Why the provider thinks the visit should stand (its caregiver's account, a document reference). */
    public record Explanation(@NotBlank(message = "explain what happened") @Size(max = 500) String explanation) {
    }

    @PostMapping("/visit-exceptions/{id}/explain")
    public VisitExceptions.VisitException explain(@PathVariable UUID id, @Valid @RequestBody Explanation body) {
        Actor actor = Actor.current().require(Role.PROVIDER_ADMIN);
        VisitExceptions.VisitException found = exceptions.find(id);
        if (!found.providerId().equals(actor.provider())) {
            throw Refusal.notFound("Visit exception", id);
        }
        return exceptions.explain(id, body.explanation(), actor.subject());
    }

    /** The bureau's decision: VISIT_STANDS (paid once nothing else is open) or VISIT_NOT_PAID (cancelled). */
    public record Decision(@NotNull(message = "resolution is VISIT_STANDS or VISIT_NOT_PAID")
            VisitExceptions.Resolution resolution, @Size(max = 500) String note) {
    }

    @PostMapping("/visit-exceptions/{id}/resolve")
    public VisitExceptions.VisitException resolve(@PathVariable UUID id, @Valid @RequestBody Decision decision) {
        Actor actor = Actor.current().require(Role.DISTRICT_ADMIN);
        VisitExceptions.VisitException found = exceptions.find(id);
        WorkOrder order = orders.find(found.orderId());
        actor.requireRegion(packs.regionOf(order.policyCode()).orElse(null), "Visit exception", id);
        return decisions.resolve(id, decision.resolution(), decision.note(), actor.subject());
    }

    /** Per provider and reason, for a month (Asia/Shanghai): raised, still unresolved, stood, not paid. */
    @GetMapping("/visit-exceptions/counts")
    public List<VisitExceptions.Count> counts(@RequestParam YearMonth month,
            @RequestParam(required = false) UUID providerId) {
        Actor actor = Actor.current().require(Role.DISTRICT_ADMIN, Role.AUDITOR, Role.PROVIDER_ADMIN);
        UUID provider = actor.is(Role.PROVIDER_ADMIN) ? actor.provider() : providerId;
        return exceptions.counts(month.atDay(1), month.plusMonths(1).atDay(1), provider, actor.boundingRegion());
    }
}
