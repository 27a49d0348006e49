package io.eldercare.workorder.dispatch;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How dispatch matches ({@code eldercare.dispatch.*}): automatic offers at all, how long an offer waits for an answer,
 * how many days ahead visits are offered, a caregiver's maximum visits a day, and the score's weights — the metres one
 * more visit that day counts as, and the distance assumed when where she is is unknown.
 */
@ConfigurationProperties("eldercare.dispatch")
public record DispatchSettings(@DefaultValue("true") boolean automatic, @DefaultValue("10m") Duration offerTimeout,
        @DefaultValue("7") int horizonDays, @DefaultValue("16") int maxVisitsPerDay,
        @DefaultValue("1500") double metresPerVisit, @DefaultValue("3000") double unknownDistance) {
}
