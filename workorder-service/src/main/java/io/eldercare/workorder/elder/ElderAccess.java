package io.eldercare.workorder.elder;

import io.eldercare.platform.domain.Refusal;
import io.eldercare.platform.readmodel.PolicyPacks;
import io.eldercare.platform.security.Actor;
import io.eldercare.platform.security.Role;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Who may act on an elder's facts here (home, door code, passkeys, absences): a caller of one of the given roles whose
 * scope reaches the elder (their own, their community's) in the elder's region; anyone else finds no such elder.
 */
@Component
public class ElderAccess {

    /** The caller and the elder they may act on. */
    public record Reached(Actor actor, Elder elder) {
    }

    private final ElderRepository elders;
    private final PolicyPacks packs;

    ElderAccess(ElderRepository elders, PolicyPacks packs) {
        this.elders = elders;
        this.packs = packs;
    }

    /** The elder exists and is of the caller's region (for a provider, whose scope is its own, not the elder's). */
    public Elder requireInRegion(UUID elderId) {
        Actor actor = Actor.current();
        Elder elder = elders.findById(elderId).orElseThrow(() -> Refusal.notFound("Elder", elderId));
        actor.requireRegion(packs.regionOf(elder.policyCode()).orElse(null), "Elder", elderId);
        return elder;
    }

    public Reached require(UUID elderId, Role... roles) {
        Actor actor = Actor.current().require(roles);
        Elder elder = elders.findById(elderId).orElseThrow(() -> Refusal.notFound("Elder", elderId));
        actor.requireElder(elderId, elder.communityCode(), "Elder", elderId);
        actor.requireRegion(packs.regionOf(elder.policyCode()).orElse(null), "Elder", elderId);
        return new Reached(actor, elder);
    }
}
