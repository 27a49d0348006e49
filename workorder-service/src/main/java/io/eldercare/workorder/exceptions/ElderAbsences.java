package io.eldercare.workorder.exceptions;

import io.eldercare.platform.domain.Refusal;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/** Days an elder is in hospital or away: a visit on such a day is an exception (ELDER_AWAY, see VisitExceptions). */
@Service
public class ElderAbsences {

    /** Why the elder is not at home. */
    public enum Kind { HOSPITALISED, AWAY }

    private final JdbcClient jdbc;
    private final Clock clock;

    ElderAbsences(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Records an absence of at most a year, from a day to the same or a later one; returns its id. */
    public UUID record(UUID elderId, Kind kind, LocalDate from, LocalDate to, String by) {
        if (to.isBefore(from) || to.isAfter(from.plusYears(1))) {
            throw Refusal.invalid("invalid-absence", "Not a period",
                    "An absence runs from a day to the same or a later day, within a year; record a longer one again.");
        }
        UUID absenceId = UUID.randomUUID();
        jdbc.sql("""
                INSERT INTO elder_absence (id, elder_id, kind, from_date, to_date, recorded_by, recorded_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)""")
                .params(absenceId, elderId, kind.name(), from, to, by, Timestamp.from(clock.instant()))
                .update();
        return absenceId;
    }
}
