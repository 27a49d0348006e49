package io.eldercare.workorder.visit;

import io.eldercare.platform.security.Actor;
import io.eldercare.platform.security.Role;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The bureau registers the canteen and kiosk terminals whose signed face matches confirm visits in its region; a
 * canteen's terminal names the provider running the canteen, whose dine-in meals it serves; and revokes them.
 */
@RestController
public class TerminalController {

    private final KioskAssertions kiosks;

    TerminalController(KioskAssertions kiosks) {
        this.kiosks = kiosks;
    }

    /** A terminal and the public key its assertions are signed with (base64 X.509 SubjectPublicKeyInfo, EC P-256). */
    public record Terminal(@NotBlank @Size(max = 100) String name,
            @NotBlank(message = "publicKey is required") @Size(max = 1000) String publicKey,
            UUID providerId) {
    }

    @PostMapping("/terminals")
    @ResponseStatus(HttpStatus.CREATED)
    public Map<String, UUID> register(@Valid @RequestBody Terminal terminal) {
        Actor actor = Actor.current().require(Role.DISTRICT_ADMIN);
        return Map.of("id", kiosks.register(terminal.name(), actor.region(), terminal.providerId(),
                terminal.publicKey(), actor.subject()));
    }

    /** The bureau revokes a terminal of its region (lost, stolen, replaced): its assertions are refused from now on. */
    @DeleteMapping("/terminals/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    public void revoke(@PathVariable UUID id) {
        Actor actor = Actor.current().require(Role.DISTRICT_ADMIN);
        kiosks.revoke(id, actor.region(), actor.subject());
    }
}
