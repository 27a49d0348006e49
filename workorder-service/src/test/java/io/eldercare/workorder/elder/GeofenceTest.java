package io.eldercare.workorder.elder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/** The geofence around the elder's home, without a database. */
class GeofenceTest {

    private static final Geofence.Point HOME = new Geofence.Point(30.8746, 114.3763); // 黄陂区前川街道

    @Test
    void aCheckInOneMetreInsideTheRadiusIsAtTheDoorAndOneMetreOutsideIsNot() {
        for (double bearing : new double[] {0, 45, 90, 180, 270}) {
            Geofence.Point inside = Geofence.destination(HOME, bearing, 199);
            Geofence.Point outside = Geofence.destination(HOME, bearing, 201);

            assertThat(Geofence.metresBetween(HOME, inside)).isCloseTo(199, Offset.offset(0.01));
            assertThat(Geofence.contains(HOME, 200, inside)).as("199 m at " + bearing + "°").isTrue();
            assertThat(Geofence.contains(HOME, 200, outside)).as("201 m at " + bearing + "°").isFalse();
        }
        Geofence.Point fiveKilometres = Geofence.destination(HOME, 30, 5_000);
        assertThat(Geofence.contains(HOME, 200, fiveKilometres)).isFalse();
    }

    @Test
    void theDistanceAgreesWithAKnownOne() {
        // Wuhan Tianhe airport to Hankou railway station: about 18.9 km as the crow flies
        double metres = Geofence.metresBetween(new Geofence.Point(30.7838, 114.2081),
                new Geofence.Point(30.6186, 114.2554));
        assertThat(metres).isBetween(18_000.0, 19_000.0);
    }

    @Test
    void aPositionOffTheGlobeIsRefused() {
        assertThatThrownBy(() -> new Geofence.Point(91, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Geofence.Point(Double.NaN, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
