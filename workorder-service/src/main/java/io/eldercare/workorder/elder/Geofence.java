package io.eldercare.workorder.elder;

/**
 * Whether a caregiver's reported position is at the elder's door: within the policy pack's radius of the home, by the
 * great-circle (haversine) distance on the mean Earth sphere. At a few hundred metres the sphere's error against the
 * ellipsoid is under 0.5 %, far below a phone's GPS error, so the radius is the only tolerance.
 */
public final class Geofence {

    /** IUGG mean Earth radius. */
    static final double EARTH_RADIUS_METRES = 6_371_008.8;

    private Geofence() {
    }

    /** A WGS-84 position in decimal degrees. */
    public record Point(double latitude, double longitude) {

        public Point {
            if (!(latitude >= -90 && latitude <= 90) || !(longitude >= -180 && longitude <= 180)) {
                throw new IllegalArgumentException("a position is a latitude in [-90, 90] and a longitude in"
                        + " [-180, 180] in decimal degrees, not " + latitude + ", " + longitude);
            }
        }
    }

    /** Metres between two positions along the Earth's surface. */
    public static double metresBetween(Point a, Point b) {
        double lat1 = Math.toRadians(a.latitude());
        double lat2 = Math.toRadians(b.latitude());
        double dLat = lat2 - lat1;
        double dLon = Math.toRadians(b.longitude() - a.longitude());
        double h = Math.pow(Math.sin(dLat / 2), 2) + Math.cos(lat1) * Math.cos(lat2) * Math.pow(Math.sin(dLon / 2), 2);
        return 2 * EARTH_RADIUS_METRES * Math.asin(Math.min(1, Math.sqrt(h)));
    }

    /** Inside means at most {@code radiusMetres} from the home (on the boundary counts as inside). */
    public static boolean contains(Point home, double radiusMetres, Point reported) {
        return metresBetween(home, reported) <= radiusMetres;
    }

    /** The position {@code metres} from {@code from} towards {@code bearingDegrees} (0 north, 90 east). */
    public static Point destination(Point from, double bearingDegrees, double metres) {
        double angular = metres / EARTH_RADIUS_METRES;
        double bearing = Math.toRadians(bearingDegrees);
        double lat1 = Math.toRadians(from.latitude());
        double lon1 = Math.toRadians(from.longitude());
        double lat2 = Math.asin(Math.sin(lat1) * Math.cos(angular)
                + Math.cos(lat1) * Math.sin(angular) * Math.cos(bearing));
        double lon2 = lon1 + Math.atan2(Math.sin(bearing) * Math.sin(angular) * Math.cos(lat1),
                Math.cos(angular) - Math.sin(lat1) * Math.sin(lat2));
        return new Point(Math.toDegrees(lat2), (Math.toDegrees(lon2) + 540) % 360 - 180);
    }
}
