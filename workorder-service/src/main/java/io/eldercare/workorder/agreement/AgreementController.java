package io.eldercare.workorder.agreement;

import io.eldercare.platform.domain.Refusal;
import io.eldercare.platform.security.Actor;
import io.eldercare.platform.security.Role;
import io.eldercare.workorder.elder.ElderAccess;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.YearMonth;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The monthly service agreement between an elder and a provider (黄陂 六(二)2): recorded by the provider's
 * administrator or on the elder's side (the elder, the family, the community worker, the call centre); read by both;
 * ended by either.
 */
@RestController
public class AgreementController {

    private final Agreements agreements;
    private final ElderAccess access;

    AgreementController(Agreements agreements, ElderAccess access) {
        this.agreements = agreements;
        this.access = access;
    }

    /** What is agreed: the item, how much per day, the weekdays (1 Monday … 7 Sunday) and the month (YYYY-MM). */
    public record Agreement(@NotNull(message = "elderId is required") UUID elderId,
            @NotNull(message = "providerId is required") UUID providerId,
            @NotBlank @Pattern(regexp = "[A-Z0-9][A-Z0-9-]{1,39}", message = "itemCode must be a catalogue code")
            String itemCode,
            @Min(value = 1, message = "quantity must be at least 1")
            @Max(value = 24, message = "quantity must be at most 24") int quantity,
            @NotEmpty(message = "name the weekdays, 1 (Monday) to 7 (Sunday)") Set<Integer> weekdays,
            @NotNull(message = "month is required (YYYY-MM)") YearMonth month) {
    }

    @PostMapping("/agreements")
    @ResponseStatus(HttpStatus.CREATED)
    public Agreements.Agreement agree(@Valid @RequestBody Agreement a) {
        Actor actor = reach(a.elderId(), a.providerId());
        return agreements.agree(a.elderId(), a.providerId(), a.itemCode(), a.quantity(), a.weekdays(), a.month(),
                actor.subject());
    }

    @GetMapping("/agreements")
    public List<Agreements.Agreement> ofElder(@RequestParam UUID elderId) {
        Actor actor = Actor.current();
        if (!actor.is(Role.PROVIDER_ADMIN)) {
            access.require(elderId, Role.ELDER, Role.FAMILY, Role.COMMUNITY_WORKER, Role.OPERATOR,
                    Role.DISTRICT_ADMIN);
            return agreements.ofElder(elderId);
        }
        access.requireInRegion(elderId);
        return agreements.ofElder(elderId).stream().filter(a -> a.providerId().equals(actor.provider())).toList();
    }

    /** Why it ends (the elder moved to a daughter's, the provider cannot serve any more…). */
    public record Ending(@NotBlank(message = "say why") @Size(max = 200) String reason) {
    }

    @PostMapping("/agreements/{id}/end")
    public Agreements.Agreement end(@PathVariable UUID id, @Valid @RequestBody Ending ending) {
        Agreements.Agreement a = agreements.find(id);
        reach(a.elderId(), a.providerId());
        return agreements.end(id, ending.reason());
    }

    /** Either party: the provider's own administrator (for an elder of its region), or someone who reaches the elder. */
    private Actor reach(UUID elderId, UUID providerId) {
        Actor caller = Actor.current().require(Role.ELDER, Role.FAMILY, Role.COMMUNITY_WORKER, Role.OPERATOR,
                Role.PROVIDER_ADMIN);
        if (caller.is(Role.PROVIDER_ADMIN)) {
            if (!providerId.equals(caller.provider())) {
                throw Refusal.notFound("Elder", elderId);
            }
            access.requireInRegion(elderId);
            return caller;
        }
        return access.require(elderId, Role.ELDER, Role.FAMILY, Role.COMMUNITY_WORKER, Role.OPERATOR).actor();
    }
}
