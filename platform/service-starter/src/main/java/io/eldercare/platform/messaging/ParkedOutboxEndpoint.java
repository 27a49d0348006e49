package io.eldercare.platform.messaging;

import io.eldercare.platform.domain.Refusal;
import io.eldercare.platform.security.Actor;
import io.eldercare.platform.security.Role;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Operators' view of this service's parked outbox rows, and the retry command. Internal, secured as
 * {@link DeadLettersEndpoint}: the gateway does not route {@code /internal/**}, so an operator calls the service
 * directly with a DISTRICT_ADMIN or SERVICE token.
 */
@RestController
public class ParkedOutboxEndpoint {

    private final ParkedOutbox parked;

    public ParkedOutboxEndpoint(ParkedOutbox parked) {
        this.parked = parked;
    }

    /** Parked rows, oldest first: id, event id, type, key, attempts, last error; never the envelope. */
    @GetMapping("/internal/outbox/parked")
    public List<ParkedOutbox.Parked> parked() {
        Actor.current().require(Role.DISTRICT_ADMIN, Role.SERVICE);
        return parked.list();
    }

    /** Sends one parked row again on the relay's next pass (404 when no parked row has this id). */
    @PostMapping("/internal/outbox/parked/{id}/retry")
    public ParkedOutbox.Retry retry(@PathVariable long id) {
        Actor.current().require(Role.DISTRICT_ADMIN, Role.SERVICE);
        ParkedOutbox.Retry retry = parked.retry(id);
        if (retry.retried() == 0) {
            throw Refusal.notFound("Parked outbox event", id);
        }
        return retry;
    }

    /** Sends every parked row again on the relay's next pass. */
    @PostMapping("/internal/outbox/parked/retry")
    public ParkedOutbox.Retry retryAll() {
        Actor.current().require(Role.DISTRICT_ADMIN, Role.SERVICE);
        return parked.retryAll();
    }
}
