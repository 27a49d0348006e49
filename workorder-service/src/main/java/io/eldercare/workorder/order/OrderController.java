package io.eldercare.workorder.order;

import io.eldercare.platform.domain.Refusal;
import io.eldercare.platform.security.Actor;
import io.eldercare.platform.security.Role;
import io.eldercare.platform.web.DomainException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/** Placing, completing and cancelling orders. Amounts and status are never taken from the client. */
@RestController
@RequestMapping("/orders")
public class OrderController {

    private final OrderService service;
    private final ElderRepository elders;
    private final IdempotencyKeys keys;

    private final io.eldercare.platform.readmodel.PolicyPacks packs;
    private final io.eldercare.workorder.visit.AssignmentStream assignments;

    OrderController(OrderService service, ElderRepository elders, IdempotencyKeys keys,
            io.eldercare.platform.readmodel.PolicyPacks packs, io.eldercare.workorder.visit.AssignmentStream assignments) {
        this.assignments = assignments;
        this.packs = packs;
        this.keys = keys;
        this.service = service;
        this.elders = elders;
    }

    /** An order as a client places it: what, for whom, by whom, when. */
    public record PlaceOrder(@NotNull(message = "elderId is required") UUID elderId,
            @NotNull(message = "providerId is required") UUID providerId,
            @NotBlank @Pattern(regexp = "[A-Z0-9][A-Z0-9-]{1,39}", message = "itemCode must be a catalogue code")
            String itemCode,
            @Min(value = 1, message = "quantity must be at least 1")
            @Max(value = 24, message = "quantity must be at most 24") int quantity,
            LocalDate serviceDate,
            WorkOrder.Channel channel) {
    }

    /** Why an order is cancelled. */
    public record Cancellation(@NotBlank @Size(max = 200) String reason) {
    }

    /** An order as clients see it. */
    public record OrderView(UUID id, UUID elderId, UUID providerId, String itemCode, String policyCode, String unit,
            long unitPriceFen, int quantity, long listAmountFen, long discountFen, long amountFen, long subsidyFen,
            long selfPayFen, LocalDate serviceDate, String channel, String status, String funding, String verification,
            Instant completedAt, UUID caregiverId, Integer billedMinutes, Instant confirmedAt) {

        static OrderView of(WorkOrder o) {
            return new OrderView(o.id(), o.elderId(), o.providerId(), o.itemCode(), o.policyCode(), o.unit(),
                    o.unitPriceFen(), o.quantity(), o.listAmountFen(), o.discountFen(), o.amountFen(), o.subsidyFen(), o.selfPayFen(), o.serviceDate(),
                    o.channel().name(), o.status().name(), o.funding().name(),
                    o.verification() == null ? null : o.verification().name(), o.completedAt(), o.caregiverId(),
                    o.billedMinutes(), o.confirmedAt());
        }
    }

    /**
     * Places an order. {@code Idempotency-Key} is required: the same caller's same key with the same body answers
     * the same order (201 again, never a second order or hold); with another body 409; keys are the caller's own and
     * are kept 24 hours.
     */
    @PostMapping
    public ResponseEntity<OrderView> place(@Valid @RequestBody PlaceOrder request,
            @RequestHeader(name = "Idempotency-Key", required = false)
            @Size(max = 100, message = "Idempotency-Key is at most 100 characters") String idempotencyKey) {
        Actor actor = Actor.current().require(Role.ELDER, Role.FAMILY, Role.COMMUNITY_WORKER, Role.OPERATOR);
        elders.findById(request.elderId()).ifPresent(elder -> {
            actor.requireElder(elder.elderId(), elder.communityCode(), "Elder", elder.elderId());
            actor.requireRegion(packs.regionOf(elder.policyCode()).orElse(null), "Elder", elder.elderId());
        });
        if (actor.is(Role.ELDER, Role.FAMILY) && !request.elderId().equals(actor.elder())) {
            throw Refusal.notFound("Elder", request.elderId());
        }
        if (request.channel() == WorkOrder.Channel.AGREEMENT) {
            throw new DomainException(HttpStatus.BAD_REQUEST, "invalid-request", "Not a channel to order by",
                    "AGREEMENT orders are placed from a service agreement (POST /agreements); order by APP, HOTLINE,"
                            + " COMMUNITY or FRONT_DESK.");
        }
        if (idempotencyKey == null || idempotencyKey.isBlank()) {
            throw new DomainException(HttpStatus.BAD_REQUEST, "idempotency-key-required", "Idempotency-Key required",
                    "Send an Idempotency-Key header (a new random value per order, e.g. a UUID): a retry with the"
                            + " same key and body never places a second order.");
        }
        UUID orderId = keys.orderIdFor(actor.subject(), idempotencyKey, request);
        OrderService.Placed placed = service.place(new OrderService.NewOrder(orderId, request.elderId(),
                request.providerId(), request.itemCode(), request.quantity(), request.serviceDate(),
                request.channel() == null ? WorkOrder.Channel.APP : request.channel()));
        OrderView view = OrderView.of(placed.created() ? service.offerIfAutomatic(placed.order().id())
                : placed.order());
        return ResponseEntity.created(URI.create("/orders/" + view.id())).body(view);
    }

    /** The caregiver's visits offered to them or accepted, soonest first (their app's list). */
    @GetMapping("/assigned")
    public java.util.List<OrderView> assigned() {
        Actor actor = Actor.current().require(Role.CAREGIVER);
        requireStaff(actor);
        return service.assignments(actor.staff()).stream()
                .filter(o -> o.providerId().equals(actor.provider())).map(OrderView::of).toList();
    }

    /**
     * The caregiver's live list (text/event-stream): "ready" once connected, then an "assignment" event ({orderId,
     * change: OFFERED, WITHDRAWN or CANCELLED}) whenever a visit is offered to her or taken back.
     */
    @GetMapping(value = "/assigned/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    public org.springframework.web.servlet.mvc.method.annotation.SseEmitter assignedStream() {
        Actor actor = Actor.current().require(Role.CAREGIVER);
        requireStaff(actor);
        return assignments.open(actor.staff());
    }

    @GetMapping("/{id}")
    public OrderView get(@PathVariable UUID id) {
        return OrderView.of(visible(id, Role.ELDER, Role.FAMILY, Role.COMMUNITY_WORKER, Role.PROVIDER_ADMIN,
                Role.CAREGIVER, Role.OPERATOR, Role.DISTRICT_ADMIN, Role.AUDITOR, Role.ASSESSOR));
    }

    /** Who the provider sends: a caregiver of its own. */
    public record Dispatch(@NotNull(message = "caregiverId is required") UUID caregiverId) {
    }

    /** Why a caregiver gives a visit back. */
    public record Decline(@NotBlank(message = "say why") @Size(max = 200) String reason) {
    }

    /** The provider's administrator offers the visit to one of its qualified caregivers. */
    @PostMapping("/{id}/dispatch")
    public OrderView dispatch(@PathVariable UUID id, @Valid @RequestBody Dispatch dispatch) {
        visible(id, Role.PROVIDER_ADMIN);
        return OrderView.of(service.dispatch(id, dispatch.caregiverId()));
    }

    /** The caregiver it was offered to takes it. */
    @PostMapping("/{id}/accept")
    public OrderView accept(@PathVariable UUID id) {
        return OrderView.of(service.accept(id, caregiver(id)));
    }

    /** The caregiver it was offered to gives it back. */
    @PostMapping("/{id}/decline")
    public OrderView decline(@PathVariable UUID id, @Valid @RequestBody Decline decline) {
        OrderView declined = OrderView.of(service.decline(id, caregiver(id), decline.reason()));
        // passed on to the next candidate at once (the caregiver who declined sees the order as she left it)
        service.offerIfAutomatic(id);
        return declined;
    }

    /** Days a caregiver cannot be sent (leave, training). */
    public record Unavailable(@NotNull(message = "from is required") LocalDate from,
            @NotNull(message = "to is required") LocalDate to) {
    }

    /** The caregiver marks days she cannot be sent; matching passes her over on them. */
    @PostMapping("/caregiver-unavailability")
    @org.springframework.web.bind.annotation.ResponseStatus(HttpStatus.CREATED)
    public java.util.Map<String, Object> unavailable(@Valid @RequestBody Unavailable days) {
        Actor actor = Actor.current().require(Role.CAREGIVER);
        requireStaff(actor);
        if (days.to().isBefore(days.from()) || days.to().isAfter(days.from().plusDays(366))) {
            throw Refusal.invalid("invalid-period", "Not a period",
                    "Days run from a day to the same or a later day, within a year.");
        }
        return java.util.Map.of("staffId", actor.staff(), "from", days.from(), "to", days.to(),
                "id", service.markUnavailable(actor.staff(), days.from(), days.to()));
    }

    /** The provider's orders nobody could be found for, to send someone by hand. */
    @GetMapping("/unassigned")
    public java.util.List<OrderView> unassigned() {
        Actor actor = Actor.current().require(Role.PROVIDER_ADMIN);
        return service.escalated(actor.provider()).stream().map(OrderView::of).toList();
    }

    /**
     * The caregiver at the door: the scanned door code, the phone's position and a photo (multipart: {@code doorCode},
     * {@code latitude}, {@code longitude}, {@code photo}).
     */
    @PostMapping(value = "/{id}/check-in", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    public OrderView checkIn(@PathVariable UUID id, @RequestParam @NotBlank String doorCode,
            @RequestParam double latitude, @RequestParam double longitude,
            @RequestPart("photo") MultipartFile photo) throws java.io.IOException {
        return OrderView.of(service.checkIn(id, caregiver(id), new OrderService.AtTheDoor(doorCode,
                position(latitude, longitude), photo.getBytes())));
    }

    /** The caregiver leaves: the phone's position and a photo ({@code latitude}, {@code longitude}, {@code photo}). */
    @PostMapping(value = "/{id}/check-out", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    public OrderView checkOut(@PathVariable UUID id, @RequestParam double latitude, @RequestParam double longitude,
            @RequestPart("photo") MultipartFile photo) throws java.io.IOException {
        return OrderView.of(service.checkOut(id, caregiver(id), new OrderService.AtTheDoor(null,
                position(latitude, longitude), photo.getBytes())));
    }

    /** A face match signed by a registered canteen or kiosk terminal, relayed by the caregiver's or elder's app. */
    public record KioskConfirmation(@NotNull(message = "terminalId is required") UUID terminalId,
            @NotNull(message = "elderId is required") UUID elderId,
            @NotNull(message = "matchScore is required") java.math.BigDecimal matchScore,
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
        visible(id, Role.CAREGIVER, Role.ELDER, Role.FAMILY);
        return OrderView.of(service.confirmAtKiosk(id, new io.eldercare.workorder.visit.KioskAssertions.Assertion(
                c.terminalId(), id, c.elderId(), c.matchScore(), c.capturedAt(), c.nonce(), c.signature())));
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
            @RequestPart("signature") MultipartFile signature) throws java.io.IOException {
        return OrderView.of(service.confirmByWitnessedSignature(id, caregiver(id), signature.getBytes(), reason));
    }

    /**
     * The options for navigator.credentials.get() on the elder's (or the family's) phone: a one-time challenge bound to
     * this visit and the elder's passkeys; after the check-out only.
     */
    @PostMapping("/{id}/confirm/webauthn/options")
    public java.util.Map<String, Object> passkeyOptions(@PathVariable UUID id) {
        visible(id, Role.CAREGIVER, Role.ELDER, Role.FAMILY);
        return service.passkeyOptions(id);
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
        visible(id, Role.CAREGIVER, Role.ELDER, Role.FAMILY);
        return OrderView.of(service.confirmByPasskey(id, new io.eldercare.workorder.visit.Passkeys.Assertion(
                c.credentialId(), c.clientDataJSON(), c.authenticatorData(), c.signature())));
    }

    /** A canteen terminal's face match for a meal, under the order id the terminal chose for it. */
    public record CanteenMeal(@NotNull(message = "orderId is required") UUID orderId,
            @NotNull(message = "terminalId is required") UUID terminalId,
            @NotNull(message = "elderId is required") UUID elderId,
            @NotNull(message = "matchScore is required") java.math.BigDecimal matchScore,
            @NotNull(message = "capturedAt is required") Instant capturedAt,
            @NotBlank(message = "nonce is required") @Size(max = 64) String nonce,
            @NotBlank(message = "signature is required") @Size(max = 200) String signature) {
    }

    /**
     * 集中就餐: the canteen's terminal (relayed by the canteen's staff) recognised the elder; the dine-in meal is
     * ordered, held, confirmed and completed in this one step (201), under the usual meal rules.
     */
    @PostMapping("/canteen-meals")
    public ResponseEntity<OrderView> canteenMeal(@Valid @RequestBody CanteenMeal meal) {
        Actor actor = Actor.current().require(Role.PROVIDER_ADMIN, Role.CAREGIVER);
        UUID provider = service.canteenProviderOf(meal.terminalId());
        if (!provider.equals(actor.provider())) {
            throw Refusal.notFound("Terminal", meal.terminalId());
        }
        WorkOrder order = service.servedAtCanteen(new io.eldercare.workorder.visit.KioskAssertions.Assertion(
                meal.terminalId(), meal.orderId(), meal.elderId(), meal.matchScore(), meal.capturedAt(),
                meal.nonce(), meal.signature()));
        return ResponseEntity.created(URI.create("/orders/" + order.id())).body(OrderView.of(order));
    }

    private static io.eldercare.workorder.visit.Geofence.Point position(double latitude, double longitude) {
        try {
            return new io.eldercare.workorder.visit.Geofence.Point(latitude, longitude);
        } catch (IllegalArgumentException e) {
            throw new DomainException(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid position", e.getMessage());
        }
    }

    /** A caregiver's token names their staff record (the 'staff' claim): without it, 403. */
    private static void requireStaff(Actor actor) {
        if (actor.staff() == null) {
            throw new DomainException(HttpStatus.FORBIDDEN, "scope-claim-missing", "Token without its scope",
                    "A caregiver's token names their staff record (the 'staff' claim); this one does not.");
        }
    }

    private UUID caregiver(UUID orderId) {
        visible(orderId, Role.CAREGIVER);
        return Actor.current().staff();
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
        WorkOrder order = visible(id, Role.CAREGIVER);
        if (order.status() != io.eldercare.workorder.visit.VisitStatus.DISPATCHED
                && order.status() != io.eldercare.workorder.visit.VisitStatus.ACCEPTED
                && order.status() != io.eldercare.workorder.visit.VisitStatus.CHECKED_IN) {
            throw Refusal.notFound("Order", id);
        }
        io.eldercare.workorder.visit.Geofence.Point home = service.homeOf(order).orElseThrow(() ->
                Refusal.invalid("home-not-recorded", "The elder's home is not recorded",
                        "The community has not recorded where elder " + order.elderId() + " lives."));
        return new Navigation(id, home.latitude(), home.longitude(), service.geofenceRadiusMetres(order));
    }

    /** A change of day, item or quantity, and why (at least one of the three). */
    public record ChangeRequest(LocalDate serviceDate,
            @Pattern(regexp = "[A-Z0-9][A-Z0-9-]{1,39}", message = "itemCode must be a catalogue code") String itemCode,
            @Min(value = 1, message = "quantity must be at least 1")
            @Max(value = 24, message = "quantity must be at most 24") Integer quantity,
            @NotBlank(message = "say why") @Size(max = 150) String reason) {
    }

    /**
     * Changes an order before its visit began (嘉峪关 第十六条(二)): re-quoted and re-held as a new order (201, with
     * {@code Location}) that replaces this one, which is cancelled; asked by the elder's side or by the provider for
     * its staff.
     */
    @PostMapping("/{id}/change")
    public ResponseEntity<OrderView> change(@PathVariable UUID id, @Valid @RequestBody ChangeRequest request) {
        visible(id, Role.ELDER, Role.FAMILY, Role.COMMUNITY_WORKER, Role.OPERATOR, Role.PROVIDER_ADMIN);
        WorkOrder changed = service.change(id, new OrderService.Change(request.serviceDate(), request.itemCode(),
                request.quantity(), request.reason()));
        OrderView view = OrderView.of(service.offerIfAutomatic(changed.id()));
        return ResponseEntity.created(URI.create("/orders/" + view.id())).body(view);
    }

    @PostMapping("/{id}/cancel")
    public OrderView cancel(@PathVariable UUID id, @Valid @RequestBody Cancellation cancellation) {
        visible(id, Role.ELDER, Role.FAMILY, Role.COMMUNITY_WORKER, Role.OPERATOR);
        return OrderView.of(service.cancel(id, cancellation.reason()));
    }

    /**
     * The order if the caller's role may act on it and it is in their scope: the elder's own, their community's,
     * their provider's; caregivers see only the orders offered to them.
     */
    private WorkOrder visible(UUID id, Role... allowed) {
        Actor actor = Actor.current().require(allowed);
        WorkOrder order = service.find(id);
        boolean inScope = switch (actor.role()) {
            case PROVIDER_ADMIN -> order.providerId().equals(actor.provider());
            // a caregiver sees the visits offered to them, by their staff record, and no other
            case CAREGIVER -> actor.staff() != null && actor.staff().equals(order.caregiverId())
                    && order.providerId().equals(actor.provider());
            default -> actor.reachesElder(order.elderId(),
                    elders.findById(order.elderId()).map(Elder::communityCode).orElse(null));
        };
        if (!inScope) {
            throw Refusal.notFound("Order", id);
        }
        actor.requireRegion(packs.regionOf(order.policyCode()).orElse(null), "Order", id);
        return order;
    }
}
