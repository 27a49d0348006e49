package io.eldercare.workorder.order;

import io.eldercare.events.VisitCheckedIn;
import io.eldercare.events.VisitCheckedOut;
import io.eldercare.events.VisitConfirmed;
import io.eldercare.events.WorkOrderAccepted;
import io.eldercare.events.WorkOrderCancelled;
import io.eldercare.events.WorkOrderCompleted;
import io.eldercare.events.WorkOrderCreated;
import io.eldercare.events.WorkOrderDeclined;
import io.eldercare.events.WorkOrderDispatched;
import io.eldercare.platform.domain.Refusal;
import io.eldercare.platform.messaging.Outbox;
import io.eldercare.workorder.catalog.Quotes;
import io.eldercare.workorder.clients.WalletClient;
import io.eldercare.workorder.clients.WalletHolds;
import io.eldercare.workorder.visit.Doors;
import io.eldercare.workorder.visit.Geofence;
import io.eldercare.workorder.visit.KioskAssertions;
import io.eldercare.workorder.visit.PhotoStore;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Orders: quoted and the provider checked from this service's own copies of the catalog's facts, funded by a wallet
 * hold (the one call to another service, made outside any database transaction), then recorded with their event.
 * The order id makes a retried request hold once.
 */
@Service
public class OrderService {

    private static final Logger log = LoggerFactory.getLogger(OrderService.class);
    private static final tools.jackson.databind.json.JsonMapper JSON = tools.jackson.databind.json.JsonMapper.builder()
            .build();

    private final ElderRepository elders;
    private final WorkOrderRepository orders;
    private final Quotes quotes;
    private final WalletHolds wallet;
    private final Outbox outbox;
    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final Doors doors;
    private final PhotoStore photos;
    private final double geofenceRadiusMetres;
    private final KioskAssertions kiosks;
    private final io.eldercare.platform.readmodel.PolicyPacks packs;
    private final VisitExceptions exceptions;
    private final io.eldercare.workorder.visit.Passkeys passkeys;
    private final Matching matching;
    private final boolean automaticDispatch;
    @jakarta.persistence.PersistenceContext
    private jakarta.persistence.EntityManager entities;
    private final io.eldercare.workorder.visit.AssignmentStream stream;

    OrderService(ElderRepository elders, WorkOrderRepository orders, Quotes quotes, WalletHolds wallet,
            Outbox outbox, JdbcClient jdbc, TransactionTemplate transaction, Clock clock, Doors doors,
            PhotoStore photos,
            @org.springframework.beans.factory.annotation.Value("${eldercare.visits.geofence-radius-metres:200}")
            double geofenceRadiusMetres, KioskAssertions kiosks, io.eldercare.platform.readmodel.PolicyPacks packs,
            VisitExceptions exceptions, io.eldercare.workorder.visit.Passkeys passkeys, Matching matching,
            @org.springframework.beans.factory.annotation.Value("${eldercare.dispatch.automatic:true}")
            boolean automaticDispatch, io.eldercare.workorder.visit.AssignmentStream stream) {
        this.stream = stream;
        this.matching = matching;
        this.automaticDispatch = automaticDispatch;
        this.exceptions = exceptions;
        this.passkeys = passkeys;
        this.kiosks = kiosks;
        this.packs = packs;
        this.doors = doors;
        this.photos = photos;
        this.geofenceRadiusMetres = geofenceRadiusMetres;
        this.jdbc = jdbc;
        this.elders = elders;
        this.orders = orders;
        this.quotes = quotes;
        this.wallet = wallet;
        this.outbox = outbox;
        this.transaction = transaction;
        this.clock = clock;
    }

    /** What is ordered; {@code visit} false for what is served without one (a dine-in meal at the canteen). */
    public record NewOrder(UUID orderId, UUID elderId, UUID providerId, String itemCode, int quantity,
            LocalDate serviceDate, WorkOrder.Channel channel, boolean visit) {

        public NewOrder(UUID orderId, UUID elderId, UUID providerId, String itemCode, int quantity,
                LocalDate serviceDate, WorkOrder.Channel channel) {
            this(orderId, elderId, providerId, itemCode, quantity, serviceDate, channel, true);
        }
    }

    /** The order and whether this call created it (false: a repeat of an earlier request). */
    public record Placed(WorkOrder order, boolean created) {
    }

    public Placed place(NewOrder request) {
        Optional<WorkOrder> existing = orders.findById(request.orderId());
        if (existing.isPresent()) {
            return new Placed(existing.get(), false);
        }
        if (jdbc.sql("SELECT EXISTS (SELECT 1 FROM abandoned_order WHERE order_id = ?)").param(request.orderId())
                .query(Boolean.class).single()) {
            throw Refusal.conflict("order-abandoned", "This order was given up",
                    "The wallet did not answer when this order was first placed, so it was cancelled; place it again"
                            + " with a new Idempotency-Key.");
        }
        Elder elder = elders.findById(request.elderId()).orElseThrow(() -> Refusal.invalid(
                "elder-not-approved", "Elder not approved for service",
                "Elder " + request.elderId() + " has no approved application; apply first, or order at own cost"
                        + " through the hotline."));
        LocalDate serviceDate = request.serviceDate() == null ? LocalDate.now(clock) : request.serviceDate();
        if (serviceDate.isBefore(elder.serviceStart())) {
            throw Refusal.invalid("before-service-start", "Before the service start",
                    "Elder " + elder.elderId() + " is served from " + elder.serviceStart() + ", not " + serviceDate
                            + ".");
        }
        if (elder.terminatedOn() != null && !serviceDate.isBefore(elder.terminatedOn())) {
            throw Refusal.invalid("service-terminated", "Service terminated",
                    "Elder " + elder.elderId() + " is served until " + elder.terminatedOn().minusDays(1)
                            + "; the service was terminated from " + elder.terminatedOn() + ".");
        }
        Quotes.Quote quote = quotes.quote(elder.policyCode(), request.itemCode(), request.quantity(), serviceDate,
                elder.category());
        requireMealStillOpen(quote, serviceDate);
        Quotes.Serving serving = quotes.serving(request.providerId(), elder.policyCode(), request.itemCode(),
                elder.communityCode(), serviceDate);
        if (!serving.serves()) {
            throw Refusal.invalid("provider-not-contracted", "The provider does not serve this",
                    "Provider " + request.providerId() + " cannot take this order: " + String.join("; ",
                            serving.reasons()) + ".");
        }
        // stored first, awaiting the wallet's answer: a hold whose answer never arrives (this process died) is
        // found by the sweep and asked for again, or given up and released
        WorkOrder order = new WorkOrder(request.orderId(), elder.elderId(), request.providerId(),
                request.itemCode(), elder.policyCode(), serviceDate, request.channel(),
                new WorkOrder.Pricing(quote.policyVersion(), quote.unit(), quote.unitPriceFen(), quote.quantity(),
                        quote.amountFen(), 0, quote.amountFen(), 0, quote.amountFen()),
                clock.instant());
        WalletClient.HoldRequest hold = new WalletClient.HoldRequest(order.id(), elder.elderId(),
                quote.serviceDate(), quote.itemCode(), quote.amountFen(), quote.quantity(), elder.category(),
                quote.meal(), quote.delivered());
        order.awaitWallet(JSON.writeValueAsString(hold), elder.communityCode());
        if (!request.visit()) {
            order.servedWithoutVisit();
        }
        try {
            transaction.executeWithoutResult(status -> orders.save(order));
        } catch (DataIntegrityViolationException e) {
            return new Placed(find(request.orderId()), false); // the same request, placed at the same moment
        }
        return new Placed(askWallet(order, hold, false, true), true);
    }

    /**
     * Asks the wallet to hold a stored order and records its answer with the order's event. When first asked, a
     * refusal removes the order (nothing was held). No answer (the wallet may have held and then timed out): when
     * {@code giveUp}, the order is given up (see {@link #abandon}); otherwise it stays awaiting the wallet for the next
     * sweep. When asked again ({@code resumed}), any answer but a hold gives the order up too: a hold may exist.
     */
    private WorkOrder askWallet(WorkOrder order, WalletClient.HoldRequest request, boolean resumed, boolean giveUp) {
        WalletHolds.HoldAnswer answer = wallet.hold(order.id(), request);
        WalletClient.Hold held;
        if (answer instanceof WalletHolds.Held h) {
            held = h.split();
        } else if (answer instanceof WalletHolds.Waiting w) {
            held = w.split();
        } else if (answer instanceof WalletHolds.Refused refused) {
            if (resumed) {
                throw abandoned(order, refused.reason()); // asked again: a hold may exist
            }
            forget(order); // nothing was held
            throw refused.reason();
        } else {
            Refusal noAnswer = ((WalletHolds.Unavailable) answer).reason();
            throw giveUp ? abandoned(order, noAnswer) : noAnswer;
        }
        return transaction.execute(status -> {
            WorkOrder stored = find(order.id());
            if (stored.status() == io.eldercare.workorder.visit.VisitStatus.CANCELLED) {
                return stored; // cancelled while the wallet was asked: its cancellation releases the hold
            }
            stored.walletAnswered(answer instanceof WalletHolds.Waiting, held.listAmountFen(), held.discountFen(),
                    held.subsidyFen(), held.selfPayFen());
            // the wallet may have held a waiting order (and said so) between its answer and this commit
            jdbc.sql("""
                    DELETE FROM funds_held_copy WHERE order_id = ?
                    RETURNING list_amount_fen, discount_fen, subsidy_fen, self_pay_fen""")
                    .param(stored.id())
                    .query((rs, n) -> stored.funded(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)))
                    .optional();
            orders.save(stored);
            outbox.publish(new WorkOrderCreated(stored.id(), stored.elderId(), stored.providerId(),
                    stored.itemCode(), stored.policyCode(), stored.serviceDate(), stored.amountFen(),
                    stored.subsidyFen(), stored.selfPayFen()));
            return stored;
        });
    }

    /** Gives the order up (a hold may exist: its cancellation releases it) and says why it was not placed. */
    private Refusal abandoned(WorkOrder order, Refusal reason) {
        log.info("order {} not placed: the wallet answered {} ({}); its hold, if any, is released", order.id(),
                reason.kind(), reason.problem());
        abandon(order);
        return new Refusal(reason.kind(), reason.problem(), reason.title(), "The wallet did not answer, so the order"
                + " was not placed and nothing is held for it. Place it again in a minute, with a new"
                + " Idempotency-Key.");
    }

    /** An order the wallet refused when first asked is not kept: nothing was held, and it was never announced. */
    private void forget(WorkOrder order) {
        transaction.executeWithoutResult(status -> removeAwaiting(order));
    }

    private boolean removeAwaiting(WorkOrder order) {
        return jdbc.sql("DELETE FROM work_order WHERE id = ? AND funding = 'PENDING' AND status = 'CREATED'")
                .param(order.id()).update() == 1;
    }

    /**
     * Gives an order awaiting the wallet up: removed, remembered as abandoned (its key is refused), and its
     * cancellation published so that a hold the wallet did make is released. Only if it still awaited the wallet: an
     * order another instance has meanwhile placed is left alone.
     */
    private void abandon(WorkOrder order) {
        transaction.executeWithoutResult(status -> {
            if (removeAwaiting(order)) {
                jdbc.sql("INSERT INTO abandoned_order (order_id, abandoned_at) VALUES (?, ?) ON CONFLICT DO NOTHING")
                        .params(order.id(), Timestamp.from(clock.instant())).update();
                outbox.publish(new WorkOrderCancelled(order.id(), order.elderId(), order.providerId(),
                        "not placed: the wallet did not answer", clock.instant()));
            }
        });
    }

    /**
     * Orders stored more than {@code grace} ago and still awaiting the wallet's answer (the process that asked died,
     * or the answer was lost): the wallet is asked again with the same key, which answers the hold it made if it made
     * one; after {@code giveUpAfter} without an answer the order is given up and its hold released. Returns how many
     * were settled either way.
     */
    public int resumeAwaitingWallet(java.time.Duration grace, java.time.Duration giveUpAfter) {
        java.time.Instant now = clock.instant();
        List<UUID> awaiting = jdbc.sql("""
                SELECT id FROM work_order WHERE funding = 'PENDING' AND created_at < ? ORDER BY created_at LIMIT 100""")
                .param(Timestamp.from(now.minus(grace))).query(UUID.class).list();
        int settled = 0;
        for (UUID id : awaiting) {
            Optional<WorkOrder> found = orders.findById(id);
            if (found.isEmpty()) {
                continue;
            }
            WorkOrder order = found.get();
            boolean giveUp = order.createdAt().isBefore(now.minus(giveUpAfter));
            try {
                WalletClient.HoldRequest request = JSON.readValue(order.holdRequest(), WalletClient.HoldRequest.class);
                askWallet(order, request, true, giveUp);
                settled++;
            } catch (Refusal e) {
                if (orders.findById(id).filter(o -> o.funding() == WorkOrder.Funding.PENDING).isPresent()) {
                    log.info("order {} still awaits the wallet: {}", id, e.problem());
                } else {
                    settled++;
                }
            } catch (RuntimeException e) {
                // what was asked cannot be asked again (an order from before requests were kept): give it up
                log.warn("order {} awaiting the wallet is given up: {}", id, e.toString());
                abandon(order);
                settled++;
            }
        }
        return settled;
    }

    /**
     * 嘉峪关 第十六条(五): a love lunch not applied for on its day is forfeited (it cannot be ordered afterwards), and
     * the day's lunch is applied for before the pack's cut-off time.
     */
    private void requireMealStillOpen(Quotes.Quote quote, LocalDate serviceDate) {
        if (!quote.meal()) {
            return;
        }
        LocalDate today = LocalDate.now(clock);
        if (quote.rules().unclaimedMealForfeited() && serviceDate.isBefore(today)) {
            throw Refusal.invalid("meal-forfeited", "A past day's meal is forfeited",
                    "A meal not applied for on its day (" + serviceDate + ") is forfeited; order for today or later.");
        }
        LocalTime cutoff = quote.rules().mealOrderCutoff();
        if (cutoff != null && serviceDate.equals(today) && LocalTime.now(clock).isAfter(cutoff)) {
            throw Refusal.invalid("meal-order-closed", "Today's meal orders are closed",
                    "Today's meals are applied for by " + cutoff + "; order for tomorrow instead.");
        }
    }

    /**
     * An order can be paid: its service day has come, and on that day the provider was not suspended and a running
     * contract named the item in the elder's community (from this service's copy of the contracts).
     */
    private void requirePayable(WorkOrder order) {
        UUID orderId = order.id();
        LocalDate today = LocalDate.now(clock);
        if (order.serviceDate().isAfter(today)) {
            throw Refusal.invalid("service-day-not-come", "Service day not come",
                    "Order " + orderId + " is for " + order.serviceDate() + "; it is completed on or after that day,"
                            + " not on " + today + ".");
        }
        String community = order.communityCode() != null ? order.communityCode()
                : elders.findById(order.elderId()).map(Elder::communityCode).orElse(null);
        Quotes.Serving serving = quotes.serving(order.providerId(), order.policyCode(), order.itemCode(),
                community, order.serviceDate());
        if (!serving.serves()) {
            throw Refusal.invalid("provider-cannot-be-paid", "The provider cannot be paid for this",
                    "Order " + orderId + " cannot be completed: " + String.join("; ", serving.reasons())
                            + ". Cancel it, or ask the bureau.");
        }
    }

    /**
     * The elder confirmed the visit at a registered terminal (a signed face match, checked by {@link KioskAssertions}):
     * the visit is CONFIRMED and, being payable, COMPLETED in the same step; only then is it announced as completed.
     */
    public WorkOrder confirmAtKiosk(UUID orderId, KioskAssertions.Assertion assertion) {
        return transaction.execute(status -> {
            WorkOrder order = locked(orderId);
            if (kiosks.canteenProvider(assertion.terminalId()).isPresent()) {
                // a canteen's terminal belongs to a provider, which holds its key: it serves meals, never confirms
                // a home visit (the provider would confirm its own caregivers' visits)
                throw Refusal.invalid("unknown-terminal", "Confirmation refused", "Terminal "
                        + assertion.terminalId() + " is a canteen's; a visit is confirmed at a kiosk of the bureau's.");
            }
            java.math.BigDecimal score = kiosks.verify(assertion, order.id(), order.elderId(),
                    packs.regionOf(order.policyCode()).orElse(null));
            order.confirm("KIOSK_FACE", score, clock.instant());
            return confirmed(order, WorkOrder.Verification.FACE);
        });
    }

    /**
     * 集中就餐 at the canteen in one step: the canteen's registered terminal matched the elder's face (checked as a
     * kiosk's assertion, under the order id the terminal chose); the dine-in meal of the elder's pack is ordered from
     * the canteen's provider with the usual rules (one subsidised lunch a day, a meal cut-off, forfeiture) and held,
     * then confirmed and completed at once. The same assertion again answers the same meal if it was not served yet,
     * else it is a replay (409).
     */
    public WorkOrder servedAtCanteen(KioskAssertions.Assertion assertion) {
        Elder elder = elders.findById(assertion.elderId()).orElseThrow(() -> Refusal.invalid(
                "elder-not-approved", "Elder not approved for service",
                "Elder " + assertion.elderId() + " has no approved application; the meal is paid at the till."));
        String region = packs.regionOf(elder.policyCode()).orElse(null);
        kiosks.check(assertion, assertion.orderId(), elder.elderId(), region);
        UUID provider = kiosks.canteenProvider(assertion.terminalId()).orElseThrow(() -> Refusal.invalid(
                "not-a-canteen", "Not a canteen's terminal",
                "Terminal " + assertion.terminalId() + " is not registered for a canteen's provider; it confirms"
                        + " visits only."));
        LocalDate today = LocalDate.now(clock);
        String dineIn = jdbc.sql("""
                SELECT item_code FROM item_price_copy
                WHERE policy_code = ? AND mode = 'OFFLINE' AND unit = 'PER_MEAL' AND NOT delivered
                  AND effective_from <= ?
                ORDER BY effective_from DESC, item_code LIMIT 1""")
                .params(elder.policyCode(), today).query(String.class).optional()
                .orElseThrow(() -> Refusal.invalid("no-dine-in-meal", "No dine-in meal in the pack",
                        elder.policyCode() + " has no dine-in meal to serve."));
        Placed placed = place(new NewOrder(assertion.orderId(), elder.elderId(), provider, dineIn, 1, today,
                WorkOrder.Channel.FRONT_DESK, false));
        try {
            return serveMeal(assertion, elder, provider, dineIn);
        } catch (Refusal notServed) {
            if (placed.created()) {
                // not served (its money not held yet, the provider not payable): nothing kept for it, so the
                // elder's lunch of the day is not used up by a meal never eaten
                cancel(placed.order().id(), "not served at the canteen: " + notServed.problem());
            }
            throw notServed;
        }
    }

    private WorkOrder serveMeal(KioskAssertions.Assertion assertion, Elder elder, UUID provider, String dineIn) {
        return transaction.execute(status -> {
            WorkOrder order = locked(assertion.orderId());
            if (!order.itemCode().equals(dineIn) || !order.providerId().equals(provider)
                    || !order.elderId().equals(elder.elderId())) {
                throw Refusal.conflict("assertion-for-another-visit", "Not this meal's order",
                        "Order " + order.id() + " is not this canteen's meal; the terminal chooses a new order id"
                                + " for each meal.");
            }
            kiosks.spend(assertion, order.id());
            requirePayable(order);
            order.servedAtCanteen(assertion.matchScore(), clock.instant());
            publishConfirmed(order);
            publishCompleted(order, WorkOrder.Verification.FACE);
            return order;
        });
    }

    /** The provider whose canteen a terminal stands in; 404 for a kiosk elsewhere or an unknown terminal. */
    public UUID canteenProviderOf(UUID terminalId) {
        return kiosks.canteenProvider(terminalId).orElseThrow(() -> Refusal.notFound("Terminal",
                terminalId));
    }

    /** A challenge for the elder's passkey, bound to this visit; only once the visit has ended. */
    public java.util.Map<String, Object> passkeyOptions(UUID orderId) {
        WorkOrder order = find(orderId);
        requireCheckedOut(order);
        return passkeys.confirmationOptions(orderId, order.elderId());
    }

    private static void requireCheckedOut(WorkOrder order) {
        if (order.status() != io.eldercare.workorder.visit.VisitStatus.CHECKED_OUT) {
            throw Refusal.conflict("illegal-transition", "Not possible in this status",
                    "Order " + order.id() + " is " + order.status() + "; the elder confirms a visit after its"
                            + " check-out, once.");
        }
    }

    /**
     * The elder confirmed with their passkey (the phone verified their fingerprint or face and signed this visit's
     * challenge): CONFIRMED and, being payable with nothing open about it, COMPLETED in the same step.
     */
    public WorkOrder confirmByPasskey(UUID orderId, io.eldercare.workorder.visit.Passkeys.Assertion assertion) {
        return transaction.execute(status -> {
            WorkOrder order = locked(orderId);
            requireCheckedOut(order);
            String credential = passkeys.verify(order.id(), order.elderId(), assertion);
            order.confirmByPasskey(credential, clock.instant());
            return confirmed(order, WorkOrder.Verification.WEBAUTHN);
        });
    }

    /**
     * An elder who can use neither face nor fingerprint signs on the caregiver's phone, witnessed by the caregiver who
     * made the visit: kept with the image's hash and the reason, CONFIRMED but not paid — a WITNESSED_SIGNATURE
     * exception stays open until the call centre has called the elder back (the feedback service opens that callback
     * from VisitConfirmed; its CallbackCompleted lets the visit stand or not, see {@link #calledBack}).
     */
    public WorkOrder confirmByWitnessedSignature(UUID orderId, UUID caregiverId, byte[] signature, String why) {
        String image = photos.keep(signature); // before the row is taken: see checkIn
        return transaction.execute(status -> {
            WorkOrder order = locked(orderId);
            if (!passkeys.active(order.elderId()).isEmpty()) {
                throw Refusal.invalid("use-the-passkey", "The elder has a passkey",
                        "Elder " + order.elderId() + " confirms with the passkey on her or her family's phone"
                                + " (fingerprint or face): a witnessed signature is for elders who can use neither.");
            }
            order.confirmByWitnessedSignature(caregiverId, image, why, clock.instant());
            exceptions.raise(order, VisitExceptions.Reason.WITNESSED_SIGNATURE, "signed by the elder, witnessed by"
                    + " caregiver " + caregiverId + ": paid once the call centre's callback confirms the visit",
                    regionOf(order));
            return confirmed(order, WorkOrder.Verification.SIGNED_RECORD);
        });
    }

    /**
     * A visit just confirmed: announced, and completed (paid) in the same step when it can be — not while an exception
     * about it is unresolved (it stays CONFIRMED until the bureau lets it stand).
     */
    private WorkOrder confirmed(WorkOrder order, WorkOrder.Verification how) {
        publishConfirmed(order);
        if (exceptions.anyUnresolved(order.id())) {
            return order;
        }
        requirePayable(order);
        order.completeConfirmed(how, clock.instant());
        publishCompleted(order, how);
        return order;
    }

    private void publishConfirmed(WorkOrder order) {
        outbox.publish(new VisitConfirmed(order.id(), order.elderId(), order.providerId(), order.itemCode(),
                order.policyCode(), order.serviceDate(), order.confirmationMethod(), order.confirmedAt()));
    }

    private void publishCompleted(WorkOrder order, WorkOrder.Verification how) {
        outbox.publish(new WorkOrderCompleted(order.id(), order.elderId(), order.providerId(),
                order.itemCode(), order.policyCode(), order.unit(), order.unitPriceFen(), order.quantity(),
                order.amountFen(), order.subsidyFen(), order.selfPayFen(), order.serviceDate(),
                order.completedAt(), how.name()));
    }

    /**
     * Orders still open {@code after} their service day was over are cancelled ("not delivered"): their holds go back
     * (or expire, when their month was reset) instead of waiting for ever. Returns how many.
     */
    public int cancelUndelivered(java.time.Period after) {
        LocalDate lastDay = LocalDate.now(clock).minus(after);
        List<UUID> open = jdbc.sql("""
                SELECT id FROM work_order WHERE status IN ('CREATED', 'DISPATCHED', 'ACCEPTED') AND funding <> 'PENDING'
                  AND service_date < ?
                ORDER BY service_date LIMIT 500""").param(lastDay).query(UUID.class).list();
        for (UUID id : open) {
            cancel(id, "not delivered: the service day " + after.getDays() + " days ago passed without completion");
        }
        return open.size();
    }

    /** A terminated elder's open orders for the day of termination and after are cancelled; returns how many. */
    public int cancelFrom(UUID elderId, LocalDate terminatedOn) {
        List<UUID> open = jdbc.sql("""
                SELECT id FROM work_order WHERE elder_id = ? AND status IN ('CREATED', 'DISPATCHED', 'ACCEPTED')
                  AND funding <> 'PENDING'
                  AND service_date >= ?""").params(elderId, terminatedOn).query(UUID.class).list();
        open.forEach(id -> cancel(id, "service terminated from " + terminatedOn));
        return open.size();
    }

    /** Forgets what is only needed for a while: abandoned orders after two days (keys live one), stray copies. */
    public void prune() {
        java.time.Instant now = clock.instant();
        jdbc.sql("DELETE FROM abandoned_order WHERE abandoned_at < ?")
                .param(Timestamp.from(now.minus(java.time.Duration.ofDays(2)))).update();
        jdbc.sql("DELETE FROM funds_held_copy WHERE received_at < ?")
                .param(Timestamp.from(now.minus(java.time.Duration.ofDays(1)))).update();
    }

    /**
     * Offers the visit to one of the provider's caregivers, qualified on the service day for the order's item under
     * its pack (the catalog's StaffQualified facts, copied here); anyone else is refused with the reason.
     */
    public WorkOrder dispatch(UUID orderId, UUID caregiverId) {
        return transaction.execute(status -> {
            WorkOrder order = locked(orderId);
            boolean qualified = jdbc.sql("""
                    SELECT EXISTS (SELECT 1 FROM staff_copy WHERE staff_id = ? AND provider_id = ? AND policy_code = ?
                                     AND ? = ANY (item_codes) AND qualified_until >= ?)""")
                    .params(caregiverId, order.providerId(), order.policyCode(), order.itemCode(),
                            order.serviceDate())
                    .query(Boolean.class).single();
            if (!qualified) {
                throw Refusal.invalid("caregiver-not-qualified", "Caregiver not qualified",
                        "Staff member " + caregiverId + " is not one of provider " + order.providerId()
                                + "'s staff qualified for " + order.itemCode() + " under " + order.policyCode()
                                + " on " + order.serviceDate() + " (certificates on the catalog's staff file).");
            }
            order.dispatch(caregiverId, clock.instant());
            matching.recordOffer(order.id(), caregiverId, order.dispatchedAt());
            jdbc.sql("UPDATE work_order SET escalated_at = NULL WHERE id = ?").param(order.id()).update();
            stream.announce(caregiverId, order.id(), "OFFERED");
            outbox.publish(new WorkOrderDispatched(order.id(), order.elderId(), order.providerId(), caregiverId,
                    order.dispatchedAt()));
            return order;
        });
    }

    /**
     * With automatic dispatch (the default), a visit waiting for a caregiver is offered to the best candidate at once
     * (placed, or given back); the matching pass retries what this leaves. Returns the order as it now stands.
     */
    public WorkOrder offerIfAutomatic(UUID orderId) {
        if (automaticDispatch) {
            matching.offerNow(orderId);
        }
        return find(orderId);
    }

    /** Where the elder of an order lives, if recorded. */
    public Optional<Geofence.Point> homeOf(WorkOrder order) {
        return doors.home(order.elderId());
    }

    /** The geofence of the order's pack in force on its day (定位半径), or the configured default when it names none. */
    public int geofenceRadiusMetres(WorkOrder order) {
        Integer pack = packs.inForceOn(order.policyCode(), order.serviceDate()).rules().geofenceRadiusMetres();
        return pack != null ? pack : (int) Math.round(geofenceRadiusMetres);
    }

    /** A change asked for an order not begun yet: the day, the item or the quantity (null: unchanged). */
    public record Change(LocalDate serviceDate, String itemCode, Integer quantity, String reason) {
    }

    /**
     * 嘉峪关 第十六条(二): the elder's side, or the provider for its staff, asks to change an order before its visit began.
     * The changed order is quoted and held anew as a new order that replaces this one (its id derived from this one,
     * so a retry answers the same); only once it is placed is this one cancelled and its hold released. A change the
     * rules refuse (another day's meal closed, a provider not contracted for the new item, the wallet's caps) is
     * refused and changes nothing.
     */
    public WorkOrder change(UUID orderId, Change change) {
        WorkOrder old = find(orderId);
        UUID replacement = UUID.nameUUIDFromBytes(("change:" + orderId).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        NewOrder changed = new NewOrder(replacement, old.elderId(), old.providerId(),
                change.itemCode() == null ? old.itemCode() : change.itemCode(),
                change.quantity() == null ? old.quantity() : change.quantity(),
                change.serviceDate() == null ? old.serviceDate() : change.serviceDate(), old.channel());
        Optional<WorkOrder> earlier = orders.findById(replacement);
        if (earlier.isPresent()) {
            WorkOrder e = earlier.get();
            if (!e.itemCode().equals(changed.itemCode()) || e.quantity() != changed.quantity()
                    || !e.serviceDate().equals(changed.serviceDate())) {
                throw Refusal.conflict("order-changed", "Order already changed",
                        "Order " + orderId + " was changed already (to order " + replacement + "); change that one.");
            }
            return e;
        }
        if (old.status() != io.eldercare.workorder.visit.VisitStatus.CREATED
                && old.status() != io.eldercare.workorder.visit.VisitStatus.DISPATCHED
                && old.status() != io.eldercare.workorder.visit.VisitStatus.ACCEPTED) {
            throw Refusal.conflict("order-not-open", "Order is no longer open",
                    "Order " + orderId + " is " + old.status() + "; only an order whose visit has not begun is changed.");
        }
        if (changed.itemCode().equals(old.itemCode()) && changed.quantity() == old.quantity()
                && changed.serviceDate().equals(old.serviceDate())) {
            throw Refusal.invalid("nothing-changed", "Nothing to change",
                    "Name a new serviceDate, itemCode or quantity.");
        }
        Placed placed = place(changed);
        transaction.executeWithoutResult(status -> jdbc.sql("UPDATE work_order SET replaces = ? WHERE id = ?")
                .params(orderId, replacement).update());
        String why = "changed (order " + replacement + "): " + change.reason();
        try {
            cancel(orderId, why.length() > 200 ? why.substring(0, 200) : why);
        } catch (Refusal notCancelled) {
            if (find(orderId).status() == io.eldercare.workorder.visit.VisitStatus.CANCELLED) {
                return find(replacement); // the same change, asked twice at once: the other request cancelled it
            }
            // the visit began while the change was being placed: the change is withdrawn, its hold released
            cancel(replacement, "change withdrawn: order " + orderId + " is under way");
            throw notCancelled;
        }
        return placed.order();
    }

    /** Days a caregiver cannot be sent. */
    public UUID markUnavailable(UUID staffId, LocalDate from, LocalDate to) {
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                INSERT INTO caregiver_unavailable (id, staff_id, from_date, to_date, recorded_at)
                VALUES (?, ?, ?, ?, ?)""").params(id, staffId, from, to, Timestamp.from(clock.instant())).update();
        return id;
    }

    /** Orders of a provider that nobody could be found for: its administrator sends someone by hand. */
    public List<WorkOrder> escalated(UUID providerId) {
        return jdbc.sql("""
                SELECT id FROM work_order WHERE provider_id = ? AND status = 'CREATED' AND escalated_at IS NOT NULL
                ORDER BY service_date, created_at LIMIT 200""").param(providerId).query(UUID.class).list().stream()
                .map(this::find).toList();
    }

    /** The caregiver it was offered to takes the visit. */
    public WorkOrder accept(UUID orderId, UUID caregiverId) {
        return transaction.execute(status -> {
            WorkOrder order = locked(orderId);
            order.accept(caregiverId, clock.instant());
            matching.answered(order.id(), caregiverId, "ACCEPTED", order.acceptedAt());
            outbox.publish(new WorkOrderAccepted(order.id(), order.elderId(), order.providerId(), caregiverId,
                    order.acceptedAt()));
            return order;
        });
    }

    /** The caregiver gives the visit back before it began; it waits to be offered to another. */
    public WorkOrder decline(UUID orderId, UUID caregiverId, String reason) {
        return transaction.execute(status -> {
            WorkOrder order = locked(orderId);
            order.decline(caregiverId);
            matching.answered(order.id(), caregiverId, "DECLINED", clock.instant());
            outbox.publish(new WorkOrderDeclined(order.id(), order.elderId(), order.providerId(), caregiverId,
                    reason, clock.instant()));
            return order;
        });
    }

    /** What the caregiver's phone reports at the door: the scanned code (check-in only), the position, a photo. */
    public record AtTheDoor(String doorCode, Geofence.Point position, byte[] photo) {
    }

    /**
     * The visit begins: only by the caregiver who accepted it, on its service day, with the code of this elder's door
     * (a revoked, altered or another door's code is refused), from inside the geofence around the recorded home, with
     * a photo. Anything else is refused and changes nothing.
     */
    public WorkOrder checkIn(UUID orderId, UUID caregiverId, AtTheDoor at) {
        // the photo goes to the store before the order's row is taken, so that a slow store never holds the row (a
        // refused check-in leaves an image nothing names, under its hash: sent again, it is the same one)
        String photo = photos.keep(at.photo());
        return transaction.execute(status -> {
            WorkOrder order = locked(orderId);
            if (!order.serviceDate().equals(LocalDate.now(clock))) {
                throw Refusal.invalid("not-the-service-day", "Not the day of the visit",
                        "Order " + orderId + " is for " + order.serviceDate() + "; check in on that day.");
            }
            if (order.funding() != WorkOrder.Funding.HELD) {
                // what the visit is billed depends on the wallet's split: it begins once the wallet holds it
                throw Refusal.invalid("funds-not-held-yet", "The order's money is not held yet",
                        "Order " + orderId + " waits for its month's subsidy to be credited; the visit begins once"
                                + " the wallet holds it.");
            }
            if (at.doorCode() == null || !doors.doorOf(at.doorCode()).map(order.elderId()::equals).orElse(false)) {
                throw Refusal.invalid("wrong-door-code", "Not this elder's door code",
                        "The scanned code is not the current code of this elder's door (another door's, an old one"
                                + " that was replaced, or not a door code): scan the code on the elder's door.");
            }
            int metres = distanceFromHome(order, at.position());
            int radius = geofenceRadiusMetres(order);
            if (metres > radius) {
                throw Refusal.invalid("outside-geofence", "Not at the elder's door",
                        "The reported position is " + metres + " m from the elder's home; a visit is checked in"
                                + " within " + radius + " m of it.");
            }
            order.checkIn(caregiverId, clock.instant(), metres, photo);
            outbox.publish(new VisitCheckedIn(order.id(), order.elderId(), order.providerId(), caregiverId,
                    order.checkedInAt(), metres, photo));
            exceptions.atCheckIn(order, photo, regionOf(order));
            return order;
        });
    }

    /**
     * The visit ends: by the caregiver who checked in, with a position and a photo; the minutes are counted and an
     * hourly item is billed for them. A check-out away from the home is taken (the caregiver has left) but raised as
     * an exception, as is anything else the check-out reveals.
     */
    public WorkOrder checkOut(UUID orderId, UUID caregiverId, AtTheDoor at) {
        String photo = photos.keep(at.photo()); // before the row is taken: see checkIn
        return transaction.execute(status -> {
            WorkOrder order = locked(orderId);
            int metres = distanceFromHome(order, at.position());
            long minutes = order.checkOut(caregiverId, clock.instant(), metres, photo);
            exceptions.atCheckOut(order, photo, metres, geofenceRadiusMetres(order), regionOf(order));
            if ("PER_HOUR".equals(order.unit())) {
                io.eldercare.workorder.visit.VisitBilling.Billed billed = io.eldercare.workorder.visit.VisitBilling
                        .bill(order.pricing(), minutes, packs.inForceOn(order.policyCode(), order.serviceDate())
                                .rules().hourlyRounding());
                order.bill(billed.pricing(), billed.billedMinutes());
            }
            outbox.publish(new VisitCheckedOut(order.id(), order.elderId(), order.providerId(), caregiverId,
                    order.checkedOutAt(), metres, photo, minutes));
            return order;
        });
    }

    /** Whole metres from the elder's recorded home (rounded down: 200.9 m is inside a 200 m geofence's edge). */
    private int distanceFromHome(WorkOrder order, Geofence.Point position) {
        Geofence.Point home = doors.home(order.elderId()).orElseThrow(() -> Refusal.invalid(
                "home-not-recorded", "The elder's home is not recorded",
                "The community has not recorded where elder " + order.elderId() + " lives; ask it to, then check in."));
        int radius = geofenceRadiusMetres(order);
        return Geofence.contains(home, radius, position)
                ? (int) Math.min(Math.round(Geofence.metresBetween(home, position)), radius)
                : (int) Math.max(Math.round(Geofence.metresBetween(home, position)), radius + 1L);
    }

    private String regionOf(WorkOrder order) {
        return packs.regionOf(order.policyCode()).orElse(null);
    }

    /**
     * The bureau decides an exception of a visit in its region. VISIT_NOT_PAID: the order is cancelled (its hold
     * released) and whatever else was open about it is closed the same way. VISIT_STANDS: once nothing else about it is
     * open, a confirmed visit is completed and paid. Decided once (409 after).
     */
    public VisitExceptions.VisitException resolveException(UUID exceptionId, VisitExceptions.Resolution resolution,
            String note, String by) {
        return transaction.execute(status -> {
            VisitExceptions.VisitException found = exceptions.find(exceptionId);
            WorkOrder order = locked(found.orderId());
            if (!exceptions.markResolved(exceptionId, resolution, note, by)) {
                throw VisitExceptions.resolvedAlready(exceptionId);
            }
            return decided(order, found, resolution, note, by);
        });
    }

    /**
     * The call centre reached the elder about a visit (CallbackCompleted): a visit confirmed by a witnessed signature
     * stands when the elder says it took place and is not paid when the elder says it did not — the decision its
     * WITNESSED_SIGNATURE exception waited for. Nothing happens for other visits. When the bureau decided first, its
     * decision stands and the elder's word is added to it (a denial of a visit the bureau let stand is logged for
     * review).
     */
    public void calledBack(UUID orderId, boolean visitConfirmed, Instant at) {
        transaction.executeWithoutResult(status -> {
            WorkOrder order = entities.find(WorkOrder.class, orderId, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
            if (order == null) {
                return; // an order of another dispatch database, or not stored: nothing to decide here
            }
            String word = "the elder " + (visitConfirmed ? "confirmed" : "denied")
                    + " the visit on the call centre's callback of " + at;
            List<VisitExceptions.VisitException> open = exceptions.unresolvedOf(orderId);
            Optional<VisitExceptions.VisitException> witnessed = open.stream()
                    .filter(e -> VisitExceptions.Reason.WITNESSED_SIGNATURE.name().equals(e.reason())).findFirst();
            if (witnessed.isEmpty()) {
                if (exceptions.addToDecided(orderId, VisitExceptions.Reason.WITNESSED_SIGNATURE, word)
                        && !visitConfirmed) {
                    log.warn("order {}: the elder denied on the callback a witnessed visit the bureau had already"
                            + " decided ({}): review it", orderId, order.status());
                }
                return;
            }
            if (visitConfirmed && open.size() == 1
                    && order.status() == io.eldercare.workorder.visit.VisitStatus.CONFIRMED) {
                // it would be paid now: a provider that can no longer be paid (suspended, contract ended) is the
                // bureau's to decide, as an exception it resolves would be — with the elder's word on it
                try {
                    requirePayable(order);
                } catch (Refusal cannotBePaid) {
                    String explanation = word + "; it cannot be paid now: " + cannotBePaid.getMessage();
                    exceptions.explain(witnessed.get().id(), explanation.length() > 500
                            ? explanation.substring(0, 500) : explanation, CALL_CENTRE);
                    log.warn("order {}: the callback confirmed the witnessed visit but it cannot be paid now;"
                            + " its exception is left to the bureau", orderId);
                    return;
                }
            }
            VisitExceptions.Resolution resolution = visitConfirmed
                    ? VisitExceptions.Resolution.VISIT_STANDS : VisitExceptions.Resolution.VISIT_NOT_PAID;
            if (exceptions.markResolved(witnessed.get().id(), resolution, word, CALL_CENTRE)) {
                decided(order, witnessed.get(), resolution, word, CALL_CENTRE);
            }
        });
    }

    private static final String CALL_CENTRE = "call-centre callback";

    private VisitExceptions.VisitException decided(WorkOrder order, VisitExceptions.VisitException found,
            VisitExceptions.Resolution resolution, String note, String by) {
        UUID exceptionId = found.id();
        outbox.publish(new io.eldercare.events.VisitExceptionResolved(exceptionId, order.id(), order.elderId(),
                order.providerId(), found.reason(), resolution.name(), clock.instant()));
        if (resolution == VisitExceptions.Resolution.VISIT_NOT_PAID) {
            for (VisitExceptions.VisitException other : exceptions.unresolvedOf(order.id())) {
                exceptions.markResolved(other.id(), resolution, "the visit was not paid (exception "
                        + exceptionId + ")", by);
                outbox.publish(new io.eldercare.events.VisitExceptionResolved(other.id(), order.id(),
                        order.elderId(), order.providerId(), other.reason(), resolution.name(), clock.instant()));
            }
            String reason = "not paid: " + found.reason() + (note == null ? "" : " — " + note);
            order.reject(reason.length() > 200 ? reason.substring(0, 200) : reason, clock.instant());
            outbox.publish(new WorkOrderCancelled(order.id(), order.elderId(), order.providerId(),
                    order.cancelReason(), order.cancelledAt()));
        } else if (order.status() == io.eldercare.workorder.visit.VisitStatus.CONFIRMED
                && !exceptions.anyUnresolved(order.id())) {
            requirePayable(order);
            order.completeConfirmed(order.confirmedVerification(), clock.instant());
            publishCompleted(order, order.confirmedVerification());
        }
        orders.save(order);
        return exceptions.find(exceptionId);
    }

    /** Visits checked in long ago and never checked out become exceptions (see {@link VisitExceptions}). */
    public int raiseMissingCheckOuts() {
        return exceptions.raiseMissingCheckOuts(policy -> packs.regionOf(policy).orElse(null));
    }

    /** A caregiver's visits offered or accepted, soonest first. */
    public List<WorkOrder> assignments(UUID caregiverId) {
        return jdbc.sql("""
                SELECT id FROM work_order WHERE caregiver_id = ? AND status IN ('DISPATCHED', 'ACCEPTED')
                ORDER BY service_date, created_at LIMIT 200""").param(caregiverId).query(UUID.class).list().stream()
                .map(this::find).toList();
    }

    public WorkOrder cancel(UUID orderId, String reason) {
        return transaction.execute(status -> {
            WorkOrder order = locked(orderId);
            UUID caregiver = order.caregiverId();
            order.cancel(reason, clock.instant());
            if (caregiver != null) {
                stream.announce(caregiver, order.id(), "CANCELLED");
            }
            outbox.publish(new WorkOrderCancelled(order.id(), order.elderId(), order.providerId(), reason,
                    order.cancelledAt()));
            return order;
        });
    }

    /**
     * The wallet held an order (FundsHeld): a waiting order takes the wallet's split and can be completed; one not
     * stored yet finds it when it is.
     */
    public void fundsHeld(UUID orderId, long listAmountFen, long discountFen, long subsidyFen, long selfPayFen) {
        Optional<WorkOrder> order = orders.findById(orderId);
        if (order.isPresent() && order.get().funding() != WorkOrder.Funding.PENDING) {
            if (order.get().funded(listAmountFen, discountFen, subsidyFen, selfPayFen)) {
                orders.save(order.get());
                log.info("order {} is funded", orderId);
            }
        } else {
            // not stored yet, or still awaiting the wallet's answer: the answer's commit takes it
            jdbc.sql("""
                    INSERT INTO funds_held_copy (order_id, list_amount_fen, discount_fen, subsidy_fen, self_pay_fen,
                                                 received_at)
                    VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""")
                    .params(orderId, listAmountFen, discountFen, subsidyFen, selfPayFen,
                            Timestamp.from(clock.instant()))
                    .update();
        }
    }

    /**
     * The order, its row locked for the rest of the transaction: every change takes the order's row before anything
     * else (its aggregate's event sequence), in the same order as matching does, so two changes never deadlock.
     */
    private WorkOrder locked(UUID orderId) {
        WorkOrder order = entities.find(WorkOrder.class, orderId, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
        if (order == null) {
            throw Refusal.notFound("Order", orderId);
        }
        return order;
    }

    public WorkOrder find(UUID orderId) {
        return orders.findById(orderId).orElseThrow(() -> Refusal.notFound("Order", orderId));
    }
}
