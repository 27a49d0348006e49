package io.eldercare.workorder.order;

import io.eldercare.platform.domain.Refusal;
import io.eldercare.platform.readmodel.PolicyPacks;
import io.eldercare.platform.security.Actor;
import io.eldercare.platform.security.Role;
import io.eldercare.platform.web.DomainException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The exceptions queue: the bureau sees its region's, a provider its own; the provider explains, the bureau resolves;
 * counts per provider and reason for the evaluation. Also where the community or the call centre records that an elder
 * is in hospital or away (a visit on such a day is an exception).
 */
@RestController
public class VisitExceptionController {

    private final VisitExceptions exceptions;
    private final OrderService orders;
    private final ElderAccess access;
    private final PolicyPacks packs;
    private final JdbcClient jdbc;
    private final Clock clock;

    VisitExceptionController(VisitExceptions exceptions, OrderService orders, ElderAccess access,
            PolicyPacks packs, JdbcClient jdbc, Clock clock) {
        this.exceptions = exceptions;
        this.orders = orders;
        this.access = access;
        this.packs = packs;
        this.jdbc = jdbc;
        this.clock = clock;
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
        return orders.resolveException(id, decision.resolution(), decision.note(), actor.subject());
    }

    /** Per provider and reason, for a month (Asia/Shanghai): raised, still unresolved, stood, not paid. */
    @GetMapping("/visit-exceptions/counts")
    public List<VisitExceptions.Count> counts(@RequestParam YearMonth month,
            @RequestParam(required = false) UUID providerId) {
        Actor actor = Actor.current().require(Role.DISTRICT_ADMIN, Role.AUDITOR, Role.PROVIDER_ADMIN);
        UUID provider = actor.is(Role.PROVIDER_ADMIN) ? actor.provider() : providerId;
        return exceptions.counts(month.atDay(1), month.plusMonths(1).atDay(1), provider, actor.boundingRegion());
    }

    /** Days the elder is in hospital or away. */
    public record Absence(@NotNull(message = "kind is HOSPITALISED or AWAY") Kind kind,
            @NotNull(message = "from is required") LocalDate from, @NotNull(message = "to is required") LocalDate to) {

        public enum Kind { HOSPITALISED, AWAY }
    }

    @PostMapping("/elders/{id}/absences")
    @ResponseStatus(HttpStatus.CREATED)
    public Map<String, Object> recordAbsence(@PathVariable UUID id, @Valid @RequestBody Absence absence) {
        Actor actor = access.require(id, Role.COMMUNITY_WORKER, Role.OPERATOR, Role.DISTRICT_ADMIN).actor();
        if (absence.to().isBefore(absence.from()) || absence.to().isAfter(absence.from().plusYears(1))) {
            throw Refusal.invalid("invalid-absence", "Not a period",
                    "An absence runs from a day to the same or a later day, within a year; record a longer one again.");
        }
        UUID absenceId = UUID.randomUUID();
        jdbc.sql("""
                INSERT INTO elder_absence (id, elder_id, kind, from_date, to_date, recorded_by, recorded_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)""")
                .params(absenceId, id, absence.kind().name(), absence.from(), absence.to(), actor.subject(),
                        Timestamp.from(clock.instant()))
                .update();
        return Map.of("id", absenceId, "elderId", id, "kind", absence.kind(), "from", absence.from(),
                "to", absence.to());
    }
}
