package io.eldercare.workorder.visit;

import io.eldercare.platform.security.Actor;
import io.eldercare.platform.security.Role;
import io.eldercare.workorder.elder.ElderAccess;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Registering the elder's passkey (WebAuthn) on the elder's or the family's phone, or with the community worker's help:
 * the options for navigator.credentials.create(), then its answer. Only for the caller's own elder (elder, family) or an
 * elder of their community.
 */
@RestController
public class PasskeyController {

    private final Passkeys passkeys;
    private final ElderAccess access;

    PasskeyController(Passkeys passkeys, ElderAccess access) {
        this.passkeys = passkeys;
        this.access = access;
    }

    @PostMapping("/elders/{id}/passkeys/options")
    public Map<String, Object> options(@PathVariable UUID id) {
        reachable(id);
        return passkeys.registrationOptions(id);
    }

    /** navigator.credentials.create()'s answer (base64url), and a name for the phone. */
    public record Registration(@NotBlank(message = "clientDataJSON is required") @Size(max = 4096)
            String clientDataJSON, @NotBlank(message = "attestationObject is required") @Size(max = 16384)
            String attestationObject, @NotBlank(message = "name the phone, e.g. 女儿的手机") @Size(max = 60) String label) {
    }

    @PostMapping("/elders/{id}/passkeys")
    @ResponseStatus(HttpStatus.CREATED)
    public Map<String, Object> register(@PathVariable UUID id, @Valid @RequestBody Registration registration) {
        Actor actor = reachable(id);
        String credential = passkeys.register(id, registration.clientDataJSON(), registration.attestationObject(),
                registration.label(), actor.subject());
        return Map.of("elderId", id, "credentialId", credential, "label", registration.label());
    }

    @GetMapping("/elders/{id}/passkeys")
    public List<String> list(@PathVariable UUID id) {
        reachable(id);
        return passkeys.active(id);
    }

    private Actor reachable(UUID elderId) {
        return access.require(elderId, Role.ELDER, Role.FAMILY, Role.COMMUNITY_WORKER).actor();
    }
}
