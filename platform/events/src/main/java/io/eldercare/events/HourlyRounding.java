package io.eldercare.events;

/** How a verified duration becomes billed minutes for an hourly item (e.g. 30 元/60 分钟). */
public enum HourlyRounding {
    /** To the minute. */
    MINUTE,
    /** Every started half hour (75 minutes bill as 90). */
    HALF_HOUR_UP,
    /** Every started hour. */
    HOUR_UP;

    public int billedMinutes(int minutes) {
        if (minutes <= 0) {
            throw new IllegalArgumentException("a visit lasts at least a minute");
        }
        return switch (this) {
            case MINUTE -> minutes;
            case HALF_HOUR_UP -> ceilTo(minutes, 30);
            case HOUR_UP -> ceilTo(minutes, 60);
        };
    }

    private static int ceilTo(int minutes, int step) {
        return (minutes + step - 1) / step * step;
    }
}
