package io.eldercare.workorder.dispatch;

import io.eldercare.workorder.order.Assignments;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** The order's port to dispatch: placed visits offered by {@link Matching}, cancellations told to the caregiver. */
@Component
class MatchingAssignments implements Assignments {

    private final Matching matching;
    private final AssignmentNotices stream;
    private final boolean automaticDispatch;

    MatchingAssignments(Matching matching, AssignmentNotices stream,
            DispatchSettings settings) {
        this.matching = matching;
        this.stream = stream;
        this.automaticDispatch = settings.automatic();
    }

    @Override
    public void offerIfAutomatic(UUID orderId) {
        if (automaticDispatch) {
            matching.offerNow(orderId);
        }
    }

    @Override
    public void cancelled(UUID caregiverId, UUID orderId) {
        stream.announce(caregiverId, orderId, "CANCELLED");
    }
}
