package io.eldercare.workorder.order;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import org.junit.jupiter.api.Test;

/** The order's status rules, without a database: a visit moves only forward through its verified steps. */
class VisitStatusTest {

    @Test
    void aVisitMovesForwardThroughEveryVerifiedStep() {
        VisitStatus[] path = {VisitStatus.CREATED, VisitStatus.DISPATCHED, VisitStatus.ACCEPTED,
                VisitStatus.CHECKED_IN, VisitStatus.CHECKED_OUT, VisitStatus.CONFIRMED, VisitStatus.COMPLETED};
        for (int i = 0; i + 1 < path.length; i++) {
            assertThat(path[i].canMoveTo(path[i + 1])).as(path[i] + " -> " + path[i + 1]).isTrue();
        }
    }

    @Test
    void aVisitSkipsNoVerifiedStepNorRepeatsOne() {
        assertThat(VisitStatus.CREATED.canMoveTo(VisitStatus.CHECKED_IN)).as("no check-in without acceptance")
                .isFalse();
        assertThat(VisitStatus.ACCEPTED.canMoveTo(VisitStatus.CHECKED_OUT)).as("no check-out without check-in")
                .isFalse();
        assertThat(VisitStatus.CHECKED_IN.canMoveTo(VisitStatus.CHECKED_IN)).as("no second check-in").isFalse();
    }

    @Test
    void aVisitIsPaidOnlyAfterTheEldersConfirmation() {
        for (VisitStatus before : EnumSet.complementOf(EnumSet.of(VisitStatus.CONFIRMED))) {
            assertThat(before.canMoveTo(VisitStatus.COMPLETED)).as(before + " -> COMPLETED").isFalse();
        }
    }

    @Test
    void aVisitIsCancelledOnlyBeforeCheckIn() {
        assertThat(EnumSet.allOf(VisitStatus.class)).filteredOn(s -> s.canMoveTo(VisitStatus.CANCELLED))
                .containsExactlyInAnyOrder(VisitStatus.CREATED, VisitStatus.DISPATCHED, VisitStatus.ACCEPTED);
    }

    @Test
    void aCompletedOrCancelledVisitNeverChangesAgain() {
        assertThat(VisitStatus.COMPLETED.isFinal()).isTrue();
        assertThat(VisitStatus.CANCELLED.isFinal()).isTrue();
    }

    @Test
    void aDeclinedOfferTakesTheVisitBackToWaitForTheNextCaregiver() {
        assertThat(VisitStatus.DISPATCHED.canMoveTo(VisitStatus.CREATED)).as("a declined offer goes to the next")
                .isTrue();
    }
}
