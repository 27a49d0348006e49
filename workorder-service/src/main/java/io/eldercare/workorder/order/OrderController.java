package io.eldercare.workorder.order;

import io.eldercare.platform.domain.Refusal;
import io.eldercare.platform.readmodel.PolicyPacks;
import io.eldercare.platform.security.Actor;
import io.eldercare.platform.security.Role;
import io.eldercare.platform.web.DomainException;
import io.eldercare.workorder.elder.Elders;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.time.LocalDate;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Placing, reading, changing and cancelling orders. Amounts and status are never taken from the client. */
@RestController
@RequestMapping("/orders")
public class OrderController {

    private final OrderService service;
    private final OrderAccess access;
    private final Assignments assignments;
    private final Elders elders;
    private final IdempotencyKeys keys;
    private final PolicyPacks packs;

    OrderController(OrderService service, OrderAccess access, Assignments assignments, Elders elders,
            IdempotencyKeys keys, PolicyPacks packs) {
        this.service = service;
        this.access = access;
        this.assignments = assignments;
        this.elders = elders;
        this.keys = keys;
        this.packs = packs;
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
        elders.find(request.elderId()).ifPresent(elder -> {
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
        OrderView view = OrderView.of(placed.created() ? offered(placed.order().id()) : placed.order());
        return ResponseEntity.created(URI.create("/orders/" + view.id())).body(view);
    }

    @GetMapping("/{id}")
    public OrderView get(@PathVariable UUID id) {
        return OrderView.of(access.visible(id, Role.ELDER, Role.FAMILY, Role.COMMUNITY_WORKER, Role.PROVIDER_ADMIN,
                Role.CAREGIVER, Role.OPERATOR, Role.DISTRICT_ADMIN, Role.AUDITOR, Role.ASSESSOR));
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
        access.visible(id, Role.ELDER, Role.FAMILY, Role.COMMUNITY_WORKER, Role.OPERATOR, Role.PROVIDER_ADMIN);
        WorkOrder changed = service.change(id, new OrderService.Change(request.serviceDate(), request.itemCode(),
                request.quantity(), request.reason()));
        OrderView view = OrderView.of(offered(changed.id()));
        return ResponseEntity.created(URI.create("/orders/" + view.id())).body(view);
    }

    @PostMapping("/{id}/cancel")
    public OrderView cancel(@PathVariable UUID id, @Valid @RequestBody Cancellation cancellation) {
        access.visible(id, Role.ELDER, Role.FAMILY, Role.COMMUNITY_WORKER, Role.OPERATOR);
        return OrderView.of(service.cancel(id, cancellation.reason()));
    }

    /** A visit just placed is offered at once (automatic dispatch); the order as it now stands. */
    private WorkOrder offered(UUID orderId) {
        assignments.offerIfAutomatic(orderId);
        return service.find(orderId);
    }
}
