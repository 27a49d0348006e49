package io.eldercare.platform.messaging;

import io.eldercare.platform.security.Actor;
import io.eldercare.platform.security.Role;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Operators' view of this service's dead-letter topics, and the replay command. Internal: the gateway does not route
 * {@code /internal/**}, so an operator calls the service directly with a DISTRICT_ADMIN or SERVICE token.
 */
@RestController
public class DeadLettersEndpoint {

    private final DeadLetters deadLetters;

    public DeadLettersEndpoint(DeadLetters deadLetters) {
        this.deadLetters = deadLetters;
    }

    /** Records waiting in each dead-letter topic. */
    @GetMapping("/internal/dead-letters")
    public Map<String, Long> waiting() {
        Actor.current().require(Role.DISTRICT_ADMIN, Role.SERVICE);
        return deadLetters.waiting();
    }

    /** Replays the waiting records into this service's handlers, answering per dead-letter topic. */
    @PostMapping("/internal/dead-letters/replay")
    public Map<String, DeadLetters.Replay> replay() {
        Actor.current().require(Role.DISTRICT_ADMIN, Role.SERVICE);
        return deadLetters.replay();
    }
}
