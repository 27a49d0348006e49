package io.eldercare.workorder.visit;

import io.eldercare.platform.domain.Refusal;
import io.eldercare.platform.security.Role;
import io.eldercare.platform.web.DomainException;
import io.eldercare.workorder.elder.Geofence;
import io.eldercare.workorder.order.OrderAccess;
import io.eldercare.workorder.order.OrderView;
import io.eldercare.workorder.order.VisitStatus;
import io.eldercare.workorder.order.WorkOrder;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/** The visit: navigation to the door, check-in and check-out there, and the elder's confirmation afterwards. */
@RestController
@RequestMapping("/orders")
public class VisitController {

    private final VisitRecording recording;
    private final Confirmation confirmation;
    private final OrderAccess access;

    VisitController(VisitRecording recording, Confirmation confirmation, OrderAccess access) {
        this.recording = recording;
        this.confirmation = confirmation;
        this.access = access;
    }

    /** Where to go: the elder's home and how near counts as at the door. */
    public record Navigation(UUID orderId, double latitude, double longitude, int geofenceRadiusMetres) {
    }

    /**
     * Navigation for the caregiver the visit is offered to or who took it, while it is open (a position is personal:
     * nobody else, and not after the visit): the home's position, never the address text.
     */
    @GetMapping("/{id}/navigation")
    public Navigation navigation(@PathVariable UUID id) {
        WorkOrder order = access.visible(id, Role.CAREGIVER);
        if (order.status() != VisitStatus.DISPATCHED && order.status() != VisitStatus.ACCEPTED
                && order.status() != VisitStatus.CHECKED_IN) {
            throw Refusal.notFound("Order", id);
        }
        Geofence.Point home = recording.homeOf(order).orElseThrow(() ->
                Refusal.invalid("home-not-recorded", "The elder's home is not recorded",
                        "The community has not recorded where elder " + order.elderId() + " lives."));
        return new Navigation(id, home.latitude(), home.longitude(), recording.geofenceRadiusMetres(order));
    }

    /**
     * The caregiver at the door: the scanned door code, the phone's position and a photo (multipart: {@code doorCode},
     * {@code latitude}, {@code longitude}, {@code photo}).
     */
    @PostMapping(value = "/{id}/check-in", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    public OrderView checkIn(@PathVariable UUID id, @RequestParam @NotBlank String doorCode,
            @RequestParam double latitude, @RequestParam double longitude,
            @RequestPart("photo") MultipartFile photo) throws IOException {
        return OrderView.of(recording.checkIn(id, access.caregiver(id), new VisitRecording.AtTheDoor(doorCode,
                position(latitude, longitude), photo.getBytes())));
    }

    /** The caregiver leaves: the phone's position and a photo ({@code latitude}, {@code longitude}, {@code photo}). */
    @PostMapping(value = "/{id}/check-out", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    public OrderView checkOut(@PathVariable UUID id, @RequestParam double latitude, @RequestParam double longitude,
            @RequestPart("photo") MultipartFile photo) throws IOException {
        return OrderView.of(recording.checkOut(id, access.caregiver(id), new VisitRecording.AtTheDoor(null,
                position(latitude, longitude), photo.getBytes())));
    }

    /** A face match signed by a registered kiosk terminal, relayed by the caregiver's or elder's app. */
    public record KioskConfirmation(@NotNull(message = "terminalId is required") UUID terminalId,
            @NotNull(message = "elderId is required") UUID elderId,
            @NotNull(message = "matchScore is required") BigDecimal matchScore,
            @NotNull(message = "capturedAt is required") Instant capturedAt,
            @NotBlank(message = "nonce is required") @Size(max = 64) String nonce,
            @NotBlank(message = "signature is required") @Size(max = 200) String signature) {
    }

    /**
     * The elder confirms the visit after the check-out with a face match at a registered terminal; the visit is then
     * completed (and paid) in the same step. Without a valid, fresh, unused assertion nothing changes.
     */
    @PostMapping("/{id}/confirm/kiosk")
    public OrderView confirm(@PathVariable UUID id, @Valid @RequestBody KioskConfirmation c) {
        access.visible(id, Role.CAREGIVER, Role.ELDER, Role.FAMILY);
        return OrderView.of(confirmation.atKiosk(id, new KioskAssertions.Assertion(c.terminalId(), id, c.elderId(),
                c.matchScore(), c.capturedAt(), c.nonce(), c.signature())));
    }

    /**
     * An elder who can use neither face nor fingerprint signs on the caregiver's phone after the check-out, the
     * caregiver witnessing it (multipart: {@code signature}, a PNG or JPEG of the signature, and {@code reason}, why
     * no biometric could be used). The visit is CONFIRMED, not paid: the call centre's mandatory callback decides it.
     */
    @PostMapping(value = "/{id}/confirm/witnessed", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    public OrderView confirmWitnessed(@PathVariable UUID id,
            @RequestParam @NotBlank(message = "say why the elder could use neither face nor fingerprint")
            @Size(max = 200) String reason,
            @RequestPart("signature") MultipartFile signature) throws IOException {
        return OrderView.of(confirmation.byWitnessedSignature(id, access.caregiver(id), signature.getBytes(),
                reason));
    }

    /**
     * The options for navigator.credentials.get() on the elder's (or the family's) phone: a one-time challenge bound to
     * this visit and the elder's passkeys; after the check-out only.
     */
    @PostMapping("/{id}/confirm/webauthn/options")
    public Map<String, Object> passkeyOptions(@PathVariable UUID id) {
        access.visible(id, Role.CAREGIVER, Role.ELDER, Role.FAMILY);
        return confirmation.passkeyOptions(id);
    }

    /** navigator.credentials.get()'s answer, base64url as the WebAuthn client produced it. */
    public record PasskeyConfirmation(@NotBlank(message = "credentialId is required") @Size(max = 400)
            String credentialId, @NotBlank(message = "clientDataJSON is required") @Size(max = 4096)
            String clientDataJSON, @NotBlank(message = "authenticatorData is required") @Size(max = 4096)
            String authenticatorData, @NotBlank(message = "signature is required") @Size(max = 1024)
            String signature) {
    }

    /**
     * The elder confirms the visit with their passkey (fingerprint or face verified on the phone); the visit is then
     * completed and paid. A replayed, stale or another visit's challenge, another elder's passkey or an unverified
     * user changes nothing.
     */
    @PostMapping("/{id}/confirm/webauthn")
    public OrderView confirmByPasskey(@PathVariable UUID id, @Valid @RequestBody PasskeyConfirmation c) {
        access.visible(id, Role.CAREGIVER, Role.ELDER, Role.FAMILY);
        return OrderView.of(confirmation.byPasskey(id, new Passkeys.Assertion(c.credentialId(), c.clientDataJSON(),
                c.authenticatorData(), c.signature())));
    }

    private static Geofence.Point position(double latitude, double longitude) {
        try {
            return new Geofence.Point(latitude, longitude);
        } catch (IllegalArgumentException e) {
            throw new DomainException(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid position", e.getMessage());
        }
    }
}
