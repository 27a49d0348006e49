package io.eldercare.workorder.visit;

import io.eldercare.platform.domain.Refusal;
import io.eldercare.platform.security.Role;
import io.eldercare.workorder.elder.ElderAccess;
import io.eldercare.workorder.elder.Geofence;
import io.eldercare.workorder.elder.Homes;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The community (or the bureau) records where an elder lives and prints the QR code for the elder's door (Huangpi
 * 六(二)3: the caregiver scans it on arrival). Only for an elder of the caller's community and region; anyone else's
 * elder is not found.
 */
@RestController
public class DoorController {

    private final Doors doors;
    private final Homes homes;
    private final ElderAccess access;

    DoorController(Doors doors, Homes homes, ElderAccess access) {
        this.doors = doors;
        this.homes = homes;
        this.access = access;
    }

    /** A WGS-84 position in decimal degrees, as a phone reports it. */
    public record HomePosition(
            @NotNull(message = "latitude is required") @DecimalMin(value = "-90", message = "latitude is -90 to 90")
            @DecimalMax(value = "90", message = "latitude is -90 to 90") Double latitude,
            @NotNull(message = "longitude is required")
            @DecimalMin(value = "-180", message = "longitude is -180 to 180")
            @DecimalMax(value = "180", message = "longitude is -180 to 180") Double longitude) {
    }

    @PutMapping("/elders/{id}/home")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    public void setHome(@PathVariable UUID id, @Valid @RequestBody HomePosition position) {
        reachable(id);
        homes.setHome(id, new Geofence.Point(position.latitude(), position.longitude()));
    }

    /** A new QR code for the elder's door (PNG); the codes printed before it no longer check anyone in. */
    @PostMapping(value = "/elders/{id}/door-code", produces = MediaType.IMAGE_PNG_VALUE)
    public byte[] issueDoorCode(@PathVariable UUID id) {
        reachable(id);
        String code = doors.issueCode(id).orElseThrow(() -> Refusal.notFound("Elder", id));
        return DoorCodeImage.png(code, 400);
    }

    private void reachable(UUID elderId) {
        access.require(elderId, Role.COMMUNITY_WORKER, Role.DISTRICT_ADMIN);
    }
}
