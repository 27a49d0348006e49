package io.eldercare.workorder.visit;

import io.eldercare.events.VisitConfirmed;
import io.eldercare.platform.domain.Refusal;
import io.eldercare.platform.messaging.Outbox;
import io.eldercare.platform.readmodel.PolicyPacks;
import io.eldercare.workorder.exceptions.VisitExceptions;
import io.eldercare.workorder.order.OrderService;
import io.eldercare.workorder.order.VisitStatus;
import io.eldercare.workorder.order.WorkOrder;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The elder's own confirmation of a visit after its check-out, in one of three ways: a face match signed by a bureau's
 * kiosk, the elder's passkey (fingerprint or face on the phone), or — for an elder who can use neither — a signature
 * witnessed by the caregiver, held for the call centre's callback. A confirmed visit with nothing open about it is
 * completed and paid in the same step.
 */
@Service
public class Confirmation {

    private final OrderService orders;
    private final KioskAssertions kiosks;
    private final Passkeys passkeys;
    private final PhotoStore photos;
    private final VisitExceptions exceptions;
    private final PolicyPacks packs;
    private final Outbox outbox;
    private final TransactionTemplate transaction;
    private final Clock clock;

    Confirmation(OrderService orders, KioskAssertions kiosks, Passkeys passkeys, PhotoStore photos,
            VisitExceptions exceptions, PolicyPacks packs, Outbox outbox, TransactionTemplate transaction,
            Clock clock) {
        this.orders = orders;
        this.kiosks = kiosks;
        this.passkeys = passkeys;
        this.photos = photos;
        this.exceptions = exceptions;
        this.packs = packs;
        this.outbox = outbox;
        this.transaction = transaction;
        this.clock = clock;
    }

    /**
     * The elder confirmed the visit at a registered terminal (a signed face match, checked by {@link KioskAssertions}):
     * the visit is CONFIRMED and, being payable, COMPLETED in the same step; only then is it announced as completed.
     */
    public WorkOrder atKiosk(UUID orderId, KioskAssertions.Assertion assertion) {
        return transaction.execute(status -> {
            WorkOrder order = orders.locked(orderId);
            if (kiosks.canteenProvider(assertion.terminalId()).isPresent()) {
                // a canteen's terminal belongs to a provider, which holds its key: it serves meals, never confirms
                // a home visit (the provider would confirm its own caregivers' visits)
                throw Refusal.invalid("unknown-terminal", "Confirmation refused", "Terminal "
                        + assertion.terminalId() + " is a canteen's; a visit is confirmed at a kiosk of the bureau's.");
            }
            BigDecimal score = kiosks.verify(assertion, order.id(), order.elderId(),
                    packs.regionOf(order.policyCode()).orElse(null));
            order.confirm("KIOSK_FACE", score, clock.instant());
            return confirmed(order);
        });
    }

    /** A challenge for the elder's passkey, bound to this visit; only once the visit has ended. */
    public Map<String, Object> passkeyOptions(UUID orderId) {
        WorkOrder order = orders.find(orderId);
        requireCheckedOut(order);
        return passkeys.confirmationOptions(orderId, order.elderId());
    }

    private static void requireCheckedOut(WorkOrder order) {
        if (order.status() != VisitStatus.CHECKED_OUT) {
            throw Refusal.conflict("illegal-transition", "Not possible in this status",
                    "Order " + order.id() + " is " + order.status() + "; the elder confirms a visit after its"
                            + " check-out, once.");
        }
    }

    /**
     * The elder confirmed with their passkey (the phone verified their fingerprint or face and signed this visit's
     * challenge): CONFIRMED and, being payable with nothing open about it, COMPLETED in the same step.
     */
    public WorkOrder byPasskey(UUID orderId, Passkeys.Assertion assertion) {
        return transaction.execute(status -> {
            WorkOrder order = orders.locked(orderId);
            requireCheckedOut(order);
            String credential = passkeys.verify(order.id(), order.elderId(), assertion);
            order.confirmByPasskey(credential, clock.instant());
            return confirmed(order);
        });
    }

    /**
     * An elder who can use neither face nor fingerprint signs on the caregiver's phone, witnessed by the caregiver who
     * made the visit: kept with the image's hash and the reason, CONFIRMED but not paid — a WITNESSED_SIGNATURE
     * exception stays open until the call centre has called the elder back (the feedback service opens that callback
     * from VisitConfirmed; its CallbackCompleted lets the visit stand or not, see exceptions.ExceptionDecisions).
     */
    public WorkOrder byWitnessedSignature(UUID orderId, UUID caregiverId, byte[] signature, String why) {
        String image = photos.keep(signature); // before the row is taken: see VisitRecording.checkIn
        return transaction.execute(status -> {
            WorkOrder order = orders.locked(orderId);
            if (!passkeys.active(order.elderId()).isEmpty()) {
                throw Refusal.invalid("use-the-passkey", "The elder has a passkey",
                        "Elder " + order.elderId() + " confirms with the passkey on her or her family's phone"
                                + " (fingerprint or face): a witnessed signature is for elders who can use neither.");
            }
            order.confirmByWitnessedSignature(caregiverId, image, why, clock.instant());
            exceptions.raise(order, VisitExceptions.Reason.WITNESSED_SIGNATURE, "signed by the elder, witnessed by"
                    + " caregiver " + caregiverId + ": paid once the call centre's callback confirms the visit",
                    packs.regionOf(order.policyCode()).orElse(null));
            return confirmed(order);
        });
    }

    /**
     * A visit just confirmed: announced, and completed (paid) in the same step when it can be — not while an exception
     * about it is unresolved (it stays CONFIRMED until the bureau lets it stand).
     */
    private WorkOrder confirmed(WorkOrder order) {
        announceConfirmed(order);
        if (!exceptions.anyUnresolved(order.id())) {
            orders.complete(order);
        }
        return order;
    }

    /** VisitConfirmed: how the elder confirmed, for the call centre's callback and the record. */
    public void announceConfirmed(WorkOrder order) {
        outbox.publish(new VisitConfirmed(order.id(), order.elderId(), order.providerId(), order.itemCode(),
                order.policyCode(), order.serviceDate(), order.confirmationMethod(), order.confirmedAt()));
    }
}
