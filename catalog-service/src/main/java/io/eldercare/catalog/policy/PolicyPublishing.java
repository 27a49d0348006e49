package io.eldercare.catalog.policy;

import io.eldercare.events.PolicyPublished;
import io.eldercare.platform.messaging.Outbox;
import io.eldercare.platform.security.Actor;
import io.eldercare.platform.security.Role;
import io.eldercare.platform.web.DomainException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import java.net.URI;
import java.time.Clock;
import java.time.LocalDate;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The bureau publishes a new version of a pack: it takes effect on a later date, never backwards, and the earlier
 * versions stay as history (quotes and credits for past days keep using them).
 */
@RestController
public class PolicyPublishing {

    private final PolicyPackRepository packs;
    private final Outbox outbox;
    private final Clock clock;

    PolicyPublishing(PolicyPackRepository packs, Outbox outbox, Clock clock) {
        this.packs = packs;
        this.outbox = outbox;
        this.clock = clock;
    }

    /** The rules of the new version, all of them (nothing is inherited silently). */
    public record NewVersion(@NotNull(message = "effectiveFrom is required") LocalDate effectiveFrom,
            @NotNull @PositiveOrZero Long offlineMonthlyAllowanceFen, @NotNull @PositiveOrZero Long onlineMonthlyFeeFen,
            @NotNull ResetRule resetRule, @NotNull @Min(1) @Max(720) Integer callbackDueHours,
            @NotNull HourlyRounding hourlyRounding,
            @NotNull @Min(value = 0, message = "selfPayDiscountBps is 0 to 10000")
            @Max(value = 10000, message = "selfPayDiscountBps is 0 to 10000") Integer selfPayDiscountBps,
            @Positive Long perOrderCapFen, @Positive Long perDayCapFen, @PositiveOrZero Long deliveryFeeFen) {
    }

    /** Identifies the published version. */
    public record Published(String code, int version, LocalDate effectiveFrom) {
    }

    @PostMapping("/policies/{code}/versions")
    @Transactional
    public ResponseEntity<Published> publish(@PathVariable String code, @Valid @RequestBody NewVersion request) {
        Actor.current().require(Role.DISTRICT_ADMIN);
        PolicyPack latest = packs.latest(code).orElseThrow(() -> DomainException.notFound("Policy pack", code));
        LocalDate today = LocalDate.now(clock);
        if (!request.effectiveFrom().isAfter(today)) {
            throw DomainException.invalid("effective-date-not-future", "A change cannot take effect backwards",
                    "A new version takes effect after today (" + today + "), not on " + request.effectiveFrom()
                            + ".");
        }
        if (!request.effectiveFrom().isAfter(latest.effectiveFrom())) {
            throw DomainException.invalid("overlapping-version", "Overlaps a published version",
                    "Version " + latest.version() + " already takes effect on " + latest.effectiveFrom()
                            + "; a new version must start after it.");
        }
        if (request.perOrderCapFen() != null && request.perDayCapFen() != null
                && request.perOrderCapFen() > request.perDayCapFen()) {
            throw DomainException.invalid("caps-inconsistent", "Per-order cap above the per-day cap",
                    "The per-order cap cannot exceed the per-day cap.");
        }
        PolicyPack next = packs.save(latest.nextVersion(request.effectiveFrom(), request.offlineMonthlyAllowanceFen(),
                request.onlineMonthlyFeeFen(), request.resetRule(), request.callbackDueHours(),
                request.hourlyRounding(), request.selfPayDiscountBps(), request.perOrderCapFen(),
                request.perDayCapFen(), request.deliveryFeeFen()));
        outbox.publish(new PolicyPublished(next.code(), next.version(), next.region(), next.effectiveFrom(),
                next.offlineMonthlyAllowanceFen(), next.onlineMonthlyFeeFen(), next.resetRule().name(),
                next.callbackDueHours(), next.hourlyRounding().name(), next.selfPayDiscountBps(),
                next.perOrderCapFen(), next.perDayCapFen(), next.deliveryFeeFen()));
        return ResponseEntity.created(URI.create("/policies/" + code + "?on=" + next.effectiveFrom()))
                .body(new Published(next.code(), next.version(), next.effectiveFrom()));
    }
}
