package io.eldercare.workorder.elder;

import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;

/** The elders this service may serve, as the eligibility service approved them (its events, copied here). */
@Service
public class Elders {

    private final ElderRepository elders;

    Elders(ElderRepository elders) {
        this.elders = elders;
    }

    /** The elder if approved here; empty for one never approved (or not yet learnt of). */
    public Optional<Elder> find(UUID elderId) {
        return elders.findById(elderId);
    }
}
