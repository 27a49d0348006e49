package io.eldercare.catalog.policy;

import io.eldercare.platform.domain.Refusal;
import java.time.LocalDate;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** Pack versions as the other features read them: the one in force on a day, the newest. */
@Component
public class Packs {

    private final PolicyPackRepository packs;

    Packs(PolicyPackRepository packs) {
        this.packs = packs;
    }

    /** The version of the pack in force on a day. */
    public Optional<PolicyPack> inForceOn(String code, LocalDate day) {
        return packs.inForceOn(code, day);
    }

    /** The version of the pack in force on a day; none then is refused as not found. */
    public PolicyPack inForce(String code, LocalDate day) {
        return packs.inForceOn(code, day).orElseThrow(() -> Refusal.notFound("Policy pack",
                code + " in force on " + day));
    }

    /** The newest version, whatever its date. */
    public Optional<PolicyPack> latest(String code) {
        return packs.latest(code);
    }
}
