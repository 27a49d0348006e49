package io.eldercare.workorder.order;

import java.util.EnumSet;
import java.util.Set;

/**
 * The life of a visit, as electronic visit verification records it: who was sent (DISPATCHED: offered to one
 * caregiver), who took it (ACCEPTED), when and where it began (CHECKED_IN: the door's code, the position, a photo),
 * when it ended (CHECKED_OUT), that the elder confirmed it themself (CONFIRMED: fingerprint or face), and only then that
 * it may be paid (COMPLETED). A declined or unanswered offer goes back to CREATED for the next candidate. A visit is
 * cancelled only before anyone checked in; once it began, it ends with a check-out and is confirmed or resolved as an
 * exception, never silently dropped.
 */
public enum VisitStatus {
    CREATED, DISPATCHED, ACCEPTED, CHECKED_IN, CHECKED_OUT, CONFIRMED, COMPLETED, CANCELLED;

    /** The statuses this one may move to. */
    public Set<VisitStatus> next() {
        return switch (this) {
            case CREATED -> EnumSet.of(DISPATCHED, CANCELLED);
            case DISPATCHED -> EnumSet.of(ACCEPTED, CREATED, CANCELLED);
            case ACCEPTED -> EnumSet.of(CHECKED_IN, CREATED, CANCELLED);
            case CHECKED_IN -> EnumSet.of(CHECKED_OUT);
            case CHECKED_OUT -> EnumSet.of(CONFIRMED);
            case CONFIRMED -> EnumSet.of(COMPLETED);
            case COMPLETED, CANCELLED -> EnumSet.noneOf(VisitStatus.class);
        };
    }

    public boolean canMoveTo(VisitStatus target) {
        return next().contains(target);
    }

    /** Not begun: nobody has checked in yet, so it may still be changed or cancelled. */
    public boolean notBegun() {
        return this == CREATED || this == DISPATCHED || this == ACCEPTED;
    }

    /** Ended: nothing may happen to it any more. */
    public boolean isFinal() {
        return next().isEmpty();
    }
}
