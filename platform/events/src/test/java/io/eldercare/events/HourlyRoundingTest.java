package io.eldercare.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HourlyRoundingTest {

    @Test
    void everyStartedHalfHourIsBilledUnderHalfHourUp() {
        assertThat(HourlyRounding.HALF_HOUR_UP.billedMinutes(1)).isEqualTo(30);
        assertThat(HourlyRounding.HALF_HOUR_UP.billedMinutes(60)).isEqualTo(60);
        assertThat(HourlyRounding.HALF_HOUR_UP.billedMinutes(61)).isEqualTo(90);
        assertThat(HourlyRounding.HALF_HOUR_UP.billedMinutes(75)).isEqualTo(90);
    }

    @Test
    void everyStartedHourIsBilledUnderHourUpAndEveryMinuteUnderMinute() {
        assertThat(HourlyRounding.HOUR_UP.billedMinutes(61)).isEqualTo(120);
        assertThat(HourlyRounding.MINUTE.billedMinutes(61)).isEqualTo(61);
    }

    @Test
    void aVisitWithoutDurationCannotBeBilled() {
        assertThatThrownBy(() -> HourlyRounding.MINUTE.billedMinutes(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
