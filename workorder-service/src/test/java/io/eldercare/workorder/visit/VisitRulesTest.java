package io.eldercare.workorder.visit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.EnumSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The rules a visit is verified by at the door, without a database: the lifecycle, the geofence, the door code. */
class VisitRulesTest {

    private static final Geofence.Point HOME = new Geofence.Point(30.8746, 114.3763); // 黄陂区前川街道
    private static final DoorTokens DOORS = new DoorTokens("a door-code key of thirty-two bytes!".getBytes(
            StandardCharsets.US_ASCII));

    @Test
    void aVisitMovesOnlyForwardThroughEveryVerifiedStepAndIsPaidOnlyAfterTheEldersConfirmation() {
        VisitStatus[] path = {VisitStatus.CREATED, VisitStatus.DISPATCHED, VisitStatus.ACCEPTED,
                VisitStatus.CHECKED_IN, VisitStatus.CHECKED_OUT, VisitStatus.CONFIRMED, VisitStatus.COMPLETED};
        for (int i = 0; i + 1 < path.length; i++) {
            assertThat(path[i].canMoveTo(path[i + 1])).as(path[i] + " -> " + path[i + 1]).isTrue();
        }
        for (VisitStatus before : EnumSet.complementOf(EnumSet.of(VisitStatus.CONFIRMED))) {
            assertThat(before.canMoveTo(VisitStatus.COMPLETED)).as(before + " -> COMPLETED").isFalse();
        }
        assertThat(VisitStatus.CREATED.canMoveTo(VisitStatus.CHECKED_IN)).as("no check-in without acceptance")
                .isFalse();
        assertThat(VisitStatus.ACCEPTED.canMoveTo(VisitStatus.CHECKED_OUT)).as("no check-out without check-in")
                .isFalse();
        assertThat(VisitStatus.CHECKED_IN.canMoveTo(VisitStatus.CHECKED_IN)).as("no second check-in").isFalse();
    }

    @Test
    void aVisitIsCancelledOnlyBeforeCheckInAndACompletedOrCancelledVisitNeverChangesAgain() {
        assertThat(EnumSet.allOf(VisitStatus.class)).filteredOn(s -> s.canMoveTo(VisitStatus.CANCELLED))
                .containsExactlyInAnyOrder(VisitStatus.CREATED, VisitStatus.DISPATCHED, VisitStatus.ACCEPTED);
        assertThat(VisitStatus.COMPLETED.isFinal()).isTrue();
        assertThat(VisitStatus.CANCELLED.isFinal()).isTrue();
        assertThat(VisitStatus.DISPATCHED.canMoveTo(VisitStatus.CREATED)).as("a declined offer goes to the next")
                .isTrue();
    }

    @Test
    void aCheckInOneMetreInsideTheRadiusIsAtTheDoorAndOneMetreOutsideIsNot() {
        for (double bearing : new double[] {0, 45, 90, 180, 270}) {
            Geofence.Point inside = Geofence.destination(HOME, bearing, 199);
            Geofence.Point outside = Geofence.destination(HOME, bearing, 201);

            assertThat(Geofence.metresBetween(HOME, inside)).isCloseTo(199, org.assertj.core.data.Offset.offset(0.01));
            assertThat(Geofence.contains(HOME, 200, inside)).as("199 m at " + bearing + "°").isTrue();
            assertThat(Geofence.contains(HOME, 200, outside)).as("201 m at " + bearing + "°").isFalse();
        }
        Geofence.Point fiveKilometres = Geofence.destination(HOME, 30, 5_000);
        assertThat(Geofence.contains(HOME, 200, fiveKilometres)).isFalse();
    }

    @Test
    void theDistanceAgreesWithAKnownOneAndAPositionOffTheGlobeIsRefused() {
        // Wuhan Tianhe airport to Hankou railway station: about 18.9 km as the crow flies
        double metres = Geofence.metresBetween(new Geofence.Point(30.7838, 114.2081),
                new Geofence.Point(30.6186, 114.2554));
        assertThat(metres).isBetween(18_000.0, 19_000.0);
        assertThatThrownBy(() -> new Geofence.Point(91, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Geofence.Point(Double.NaN, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aDoorCodeNamesItsElderAndIssueAndAnAlteredMadeUpOrOtherKeysCodeIsNotADoorCode() {
        UUID elder = UUID.randomUUID();
        String code = DOORS.issue(elder, 3);

        assertThat(DOORS.read(code)).contains(new DoorTokens.Door(elder, 3));
        assertThat(code).doesNotContain(elder.toString());

        String otherElder = DOORS.issue(UUID.randomUUID(), 3);
        String spliced = code.substring(0, code.indexOf('.', 4)) + otherElder.substring(otherElder.indexOf('.', 4));
        assertThat(DOORS.read(spliced)).as("another door's signature").isEmpty();
        byte[] body = Base64.getUrlDecoder().decode(code.substring(4, code.indexOf('.', 4)));
        body[19]++; // issue 4, same signature
        assertThat(DOORS.read("EC1." + Base64.getUrlEncoder().withoutPadding().encodeToString(body)
                + code.substring(code.indexOf('.', 4)))).as("an altered issue").isEmpty();
        assertThat(DOORS.read(new DoorTokens("another key, thirty-two bytes long".getBytes(StandardCharsets.US_ASCII))
                .issue(elder, 3))).as("another key's code").isEmpty();
        assertThat(DOORS.read("EC1.garbage.!!")).isEmpty();
        assertThat(DOORS.read(null)).isEmpty();
    }

    @Test
    void theDoorsQrCodeIsAPngThatScansBackToTheSameCode() throws Exception {
        String code = DOORS.issue(UUID.randomUUID(), 1);
        byte[] png = DoorCodeImage.png(code, 300);

        assertThat(png).startsWith(0x89, 'P', 'N', 'G');
        assertThat(DoorCodeTest.scan(png)).isEqualTo(code);
    }
}
