package io.eldercare.workorder.dispatch;

import io.eldercare.platform.domain.Refusal;
import io.eldercare.platform.security.Actor;
import io.eldercare.platform.security.Role;
import io.eldercare.platform.web.DomainException;
import io.eldercare.workorder.dispatch.web.AssignmentStream;
import io.eldercare.workorder.order.Assignments;
import io.eldercare.workorder.order.OrderAccess;
import io.eldercare.workorder.order.OrderView;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** Who makes the visit: sending, accepting, declining, the caregiver's lists and days off, the escalated visits. */
@RestController
@RequestMapping("/orders")
public class DispatchController {

    private final Dispatching dispatching;
    private final Assignments assignments;
    private final AssignmentStream stream;
    private final OrderAccess access;

    DispatchController(Dispatching dispatching, Assignments assignments, AssignmentStream stream,
            OrderAccess access) {
        this.dispatching = dispatching;
        this.assignments = assignments;
        this.stream = stream;
        this.access = access;
    }

    /** The caregiver's visits offered to them or accepted, soonest first (their app's list). */
    @GetMapping("/assigned")
    public List<OrderView> assigned() {
        Actor actor = Actor.current().require(Role.CAREGIVER);
        requireStaff(actor);
        return dispatching.assignments(actor.staff()).stream()
                .filter(o -> o.providerId().equals(actor.provider())).map(OrderView::of).toList();
    }

    /**
     * The caregiver's live list (text/event-stream): "ready" once connected, then an "assignment" event ({orderId,
     * change: OFFERED, WITHDRAWN or CANCELLED}) whenever a visit is offered to her or taken back.
     */
    @GetMapping(value = "/assigned/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    public SseEmitter assignedStream() {
        Actor actor = Actor.current().require(Role.CAREGIVER);
        requireStaff(actor);
        return stream.open(actor.staff());
    }

    /** Who the provider sends: a caregiver of its own. */
    public record Dispatch(@NotNull(message = "caregiverId is required") UUID caregiverId) {
    }

    /** Why a caregiver gives a visit back. */
    public record Decline(@NotBlank(message = "say why") @Size(max = 200) String reason) {
    }

    /** The provider's administrator offers the visit to one of its qualified caregivers. */
    @PostMapping("/{id}/dispatch")
    public OrderView dispatch(@PathVariable UUID id, @Valid @RequestBody Dispatch dispatch) {
        access.visible(id, Role.PROVIDER_ADMIN);
        return OrderView.of(dispatching.dispatch(id, dispatch.caregiverId()));
    }

    /** The caregiver it was offered to takes it. */
    @PostMapping("/{id}/accept")
    public OrderView accept(@PathVariable UUID id) {
        return OrderView.of(dispatching.accept(id, access.caregiver(id)));
    }

    /** The caregiver it was offered to gives it back. */
    @PostMapping("/{id}/decline")
    public OrderView decline(@PathVariable UUID id, @Valid @RequestBody Decline decline) {
        OrderView declined = OrderView.of(dispatching.decline(id, access.caregiver(id), decline.reason()));
        // passed on to the next candidate at once (the caregiver who declined sees the order as she left it)
        assignments.offerIfAutomatic(id);
        return declined;
    }

    /** Days a caregiver cannot be sent (leave, training). */
    public record Unavailable(@NotNull(message = "from is required") LocalDate from,
            @NotNull(message = "to is required") LocalDate to) {
    }

    /** The caregiver marks days she cannot be sent; matching passes her over on them. */
    @PostMapping("/caregiver-unavailability")
    @ResponseStatus(HttpStatus.CREATED)
    public Map<String, Object> unavailable(@Valid @RequestBody Unavailable days) {
        Actor actor = Actor.current().require(Role.CAREGIVER);
        requireStaff(actor);
        if (days.to().isBefore(days.from()) || days.to().isAfter(days.from().plusDays(366))) {
            throw Refusal.invalid("invalid-period", "Not a period",
                    "Days run from a day to the same or a later day, within a year.");
        }
        return Map.of("staffId", actor.staff(), "from", days.from(), "to", days.to(),
                "id", dispatching.markUnavailable(actor.staff(), days.from(), days.to()));
    }

    /** The provider's orders nobody could be found for, to send someone by hand. */
    @GetMapping("/unassigned")
    public List<OrderView> unassigned() {
        Actor actor = Actor.current().require(Role.PROVIDER_ADMIN);
        return dispatching.escalated(actor.provider()).stream().map(OrderView::of).toList();
    }

    /** A caregiver's token names their staff record (the 'staff' claim): without it, 403. */
    private static void requireStaff(Actor actor) {
        if (actor.staff() == null) {
            throw new DomainException(HttpStatus.FORBIDDEN, "scope-claim-missing", "Token without its scope",
                    "A caregiver's token names their staff record (the 'staff' claim); this one does not.");
        }
    }
}
