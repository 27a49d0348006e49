package io.eldercare.workorder.clients;

import io.eldercare.platform.domain.Refusal;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * The wallet's answer to a hold as the order path reads it: held with its split, waiting for the month's money, refused
 * with the wallet's reason, or no answer at all. Callers branch on the answer, never on a transport status.
 */
@Component
public class WalletHolds {

    /** What the wallet said about one order's hold. */
    public sealed interface HoldAnswer {
    }

    /** The subsidy is held; the order may be served. */
    public record Held(WalletClient.Hold split) implements HoldAnswer {
    }

    /** The order waits for its month's subsidy to be credited (held later: FundsHeld). */
    public record Waiting(WalletClient.Hold split) implements HoldAnswer {
    }

    /** The wallet considered the order and said no (caps, a closed wallet…): nothing is held. */
    public record Refused(Refusal reason) implements HoldAnswer {
    }

    /** No answer (down, too slow, the breaker open): the wallet may or may not have held it. */
    public record Unavailable(Refusal reason) implements HoldAnswer {
    }

    private final WalletClient wallet;

    WalletHolds(WalletClient wallet) {
        this.wallet = wallet;
    }

    /** Asks for the hold of an order; the order id is the idempotency key, so asking again holds once. */
    public HoldAnswer hold(UUID orderId, WalletClient.HoldRequest request) {
        WalletClient.Hold hold;
        try {
            hold = wallet.hold(orderId, request);
        } catch (Refusal refusal) {
            return refusal.transientFailure() ? new Unavailable(refusal) : new Refused(refusal);
        }
        if ("HELD".equals(hold.status())) {
            return new Held(hold);
        }
        if ("WAITING".equals(hold.status())) {
            return new Waiting(hold);
        }
        // another status, or none: nothing is held that this order could use
        return new Refused(Refusal.conflict("order-not-held", "The wallet holds nothing for this order",
                "The wallet answered " + hold.status() + " for order " + orderId + "; place a new order."));
    }
}
