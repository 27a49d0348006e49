package io.eldercare.workorder.visit;

import io.eldercare.events.VisitCheckedIn;
import io.eldercare.events.PolicyPublished;
import io.eldercare.events.VisitCheckedOut;
import io.eldercare.platform.domain.Refusal;
import io.eldercare.platform.messaging.Outbox;
import io.eldercare.platform.readmodel.PolicyPacks;
import io.eldercare.workorder.elder.Geofence;
import io.eldercare.workorder.elder.Homes;
import io.eldercare.workorder.exceptions.VisitExceptions;
import io.eldercare.workorder.order.OrderService;
import io.eldercare.workorder.order.WorkOrder;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Optional;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The visit at the door (electronic visit verification): the check-in with the door's code, the position inside the
 * geofence and a photo; the check-out with the position and a photo, its verified minutes billed for an hourly item.
 * What either reveals goes to the exceptions queue.
 */
@Service
public class VisitRecording {

    private final OrderService orders;
    private final Doors doors;
    private final Homes homes;
    private final PhotoStore photos;
    private final VisitExceptions exceptions;
    private final PolicyPacks packs;
    private final Outbox outbox;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final double defaultGeofenceMetres;

    VisitRecording(OrderService orders, Doors doors, Homes homes, PhotoStore photos, VisitExceptions exceptions,
            PolicyPacks packs, Outbox outbox, TransactionTemplate transaction, Clock clock,
            @Value("${eldercare.visits.geofence-radius-metres:200}") double defaultGeofenceMetres) {
        this.orders = orders;
        this.doors = doors;
        this.homes = homes;
        this.photos = photos;
        this.exceptions = exceptions;
        this.packs = packs;
        this.outbox = outbox;
        this.transaction = transaction;
        this.clock = clock;
        this.defaultGeofenceMetres = defaultGeofenceMetres;
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
            WorkOrder order = orders.locked(orderId);
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
            int radius = geofenceRadiusMetres(pack(order));
            int metres = distanceFromHome(order, at.position(), radius);
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
            WorkOrder order = orders.locked(orderId);
            PolicyPublished pack = pack(order); // read once: the geofence and the hourly rounding are both its rules
            int radius = geofenceRadiusMetres(pack);
            int metres = distanceFromHome(order, at.position(), radius);
            long minutes = order.checkOut(caregiverId, clock.instant(), metres, photo);
            exceptions.atCheckOut(order, photo, metres, radius, regionOf(order));
            if ("PER_HOUR".equals(order.unit())) {
                VisitBilling.Billed billed = VisitBilling.bill(order.pricing(), minutes,
                        pack.rules().hourlyRounding());
                order.bill(billed.pricing(), billed.billedMinutes());
            }
            outbox.publish(new VisitCheckedOut(order.id(), order.elderId(), order.providerId(), caregiverId,
                    order.checkedOutAt(), metres, photo, minutes));
            return order;
        });
    }

    /** Whole metres from the elder's recorded home (rounded down: 200.9 m is inside a 200 m geofence's edge). */
    private int distanceFromHome(WorkOrder order, Geofence.Point position, int radius) {
        Geofence.Point home = homes.home(order.elderId()).orElseThrow(() -> Refusal.invalid(
                "home-not-recorded", "The elder's home is not recorded",
                "The community has not recorded where elder " + order.elderId() + " lives; ask it to, then check in."));
        return Geofence.contains(home, radius, position)
                ? (int) Math.min(Math.round(Geofence.metresBetween(home, position)), radius)
                : (int) Math.max(Math.round(Geofence.metresBetween(home, position)), radius + 1L);
    }

    private String regionOf(WorkOrder order) {
        return packs.regionOf(order.policyCode()).orElse(null);
    }

    /** Where the elder of an order lives, if recorded. */
    public Optional<Geofence.Point> homeOf(WorkOrder order) {
        return homes.home(order.elderId());
    }

    /** The geofence of the order's pack in force on its day (定位半径), or the configured default when it names none. */
    public int geofenceRadiusMetres(WorkOrder order) {
        return geofenceRadiusMetres(pack(order));
    }

    private int geofenceRadiusMetres(PolicyPublished pack) {
        Integer radius = pack.rules().geofenceRadiusMetres();
        return radius != null ? radius : (int) Math.round(defaultGeofenceMetres);
    }

    private PolicyPublished pack(WorkOrder order) {
        return packs.inForceOn(order.policyCode(), order.serviceDate());
    }
}
