package io.eldercare.workorder.canteen;

import io.eldercare.platform.domain.Refusal;
import io.eldercare.platform.security.Actor;
import io.eldercare.platform.security.Role;
import io.eldercare.workorder.order.OrderView;
import io.eldercare.workorder.order.WorkOrder;
import io.eldercare.workorder.visit.KioskAssertions;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** 集中就餐: a meal at the canteen, recognised by the canteen's terminal, ordered and served in one request. */
@RestController
public class CanteenController {

    private final CanteenMeals meals;

    CanteenController(CanteenMeals meals) {
        this.meals = meals;
    }

    /** A canteen terminal's face match for a meal, under the order id the terminal chose for it. */
    public record CanteenMeal(@NotNull(message = "orderId is required") UUID orderId,
            @NotNull(message = "terminalId is required") UUID terminalId,
            @NotNull(message = "elderId is required") UUID elderId,
            @NotNull(message = "matchScore is required") BigDecimal matchScore,
            @NotNull(message = "capturedAt is required") Instant capturedAt,
            @NotBlank(message = "nonce is required") @Size(max = 64) String nonce,
            @NotBlank(message = "signature is required") @Size(max = 200) String signature) {
    }

    /**
     * 集中就餐: the canteen's terminal (relayed by the canteen's staff) recognised the elder; the dine-in meal is
     * ordered, held, confirmed and completed in this one step (201), under the usual meal rules.
     */
    @PostMapping("/orders/canteen-meals")
    public ResponseEntity<OrderView> canteenMeal(@Valid @RequestBody CanteenMeal meal) {
        Actor actor = Actor.current().require(Role.PROVIDER_ADMIN, Role.CAREGIVER);
        UUID provider = meals.canteenProviderOf(meal.terminalId());
        if (!provider.equals(actor.provider())) {
            throw Refusal.notFound("Terminal", meal.terminalId());
        }
        WorkOrder order = meals.served(new KioskAssertions.Assertion(meal.terminalId(), meal.orderId(),
                meal.elderId(), meal.matchScore(), meal.capturedAt(), meal.nonce(), meal.signature()));
        return ResponseEntity.created(URI.create("/orders/" + order.id())).body(OrderView.of(order));
    }
}
