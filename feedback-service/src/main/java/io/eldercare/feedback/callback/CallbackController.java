package io.eldercare.feedback.callback;

import io.eldercare.platform.security.Actor;
import io.eldercare.platform.security.Role;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The call centre's callback list, bounded by the caller's region, and the calls it makes. */
@RestController
public class CallbackController {

    private final Callbacks callbacks;

    CallbackController(Callbacks callbacks) {
        this.callbacks = callbacks;
    }

    /**
     * Callbacks of an order, or all open ones, flagged first, then soonest due; with {@code overdue=true} only those
     * still open after their deadline (for the call centre's supervisor and the bureau). The caller's region's only
     * (an order of another region has none for them: an empty list, as for an order without a callback).
     */
    @GetMapping("/callbacks")
    public List<Callbacks.CallbackView> callbacks(@RequestParam(required = false) UUID orderId,
            @RequestParam(defaultValue = "false") boolean overdue) {
        Actor actor = Actor.current().require(Role.OPERATOR, Role.DISTRICT_ADMIN, Role.AUDITOR);
        return callbacks.list(orderId, overdue, actor.boundingRegion());
    }

    /** What a call heard; {@code note} is kept here, never published. */
    public record Call(
            @NotNull(message = "outcome is VISIT_CONFIRMED, VISIT_DENIED or NOT_REACHED") Callbacks.Outcome outcome,
            @Size(max = 500, message = "note is at most 500 characters") String note) {
    }

    /**
     * The operator records a call: VISIT_CONFIRMED or VISIT_DENIED ends the callback and is announced
     * (CallbackCompleted; a visit confirmed by a witnessed signature is then paid or not), NOT_REACHED counts an
     * attempt. The call centre and the bureau of the order's region only.
     */
    @PostMapping("/callbacks/{orderId}/calls")
    public Callbacks.CallbackView call(@PathVariable UUID orderId, @Valid @RequestBody Call call) {
        Actor actor = Actor.current().require(Role.OPERATOR, Role.DISTRICT_ADMIN);
        return callbacks.called(orderId, call.outcome(), call.note(), actor);
    }
}
