package io.eldercare.catalog.facility;

import io.eldercare.catalog.policy.Packs;
import io.eldercare.catalog.policy.PolicyPack;
import io.eldercare.platform.domain.Refusal;
import io.eldercare.platform.security.Actor;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.time.Year;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Community facilities (嘉峪关 第五条: day-care centres with A/B zones, 老人幸福餐厅; 黄陂 八: 幸福食堂) and their
 * canteen subsidy. A facility's use changes only through an approved proposal (第十条). A facility belongs to the
 * region of its policy pack: a region's bureau registers facilities under its own region's packs only, and another
 * region's facility does not exist for a caller bounded by a region (404).
 */
@Service
public class Facilities {

    /** Kinds of facility. */
    public enum Kind { DAY_CARE_CENTRE, CANTEEN, MUTUAL_AID_HOME }

    /** Zones of a day-care centre laid out in two places (第五条: A 娱乐活动, B 餐饮医养照料; 主体/辅助功能区). */
    public enum Zone { A, B, MAIN, AUX }

    /** A facility with the use in force on a day, and the region of its pack. */
    public record Facility(UUID id, String policyCode, String region, Kind kind, String name, String communityCode,
            Zone zone, String use, UUID operatorId, LocalDate openedOn) {
    }

    /**
     * A canteen's subsidy for a year: the pack's annual amount, in proportion to the days the canteen is open in that
     * year (a canteen opened on 1 July receives half).
     */
    public record CanteenSubsidy(UUID facilityId, int year, long annualFen, int daysOpen, int daysInYear,
            long amountFen, String policyCode, int policyVersion) {
    }

    private final JdbcClient jdbc;
    private final Packs packs;
    private final Clock clock;

    Facilities(JdbcClient jdbc, Packs packs, Clock clock) {
        this.jdbc = jdbc;
        this.packs = packs;
        this.clock = clock;
    }

    @Transactional
    public UUID register(String policyCode, Kind kind, String name, String communityCode, Zone zone, String use,
            UUID operatorId, LocalDate openedOn, Actor by) {
        PolicyPack pack = packs.latest(policyCode).orElseThrow(() -> Refusal.notFound("Policy pack",
                policyCode));
        // a region's bureau registers facilities under its own region's packs only (another's: not found)
        by.requireRegion(pack.region(), "Policy pack", policyCode);
        if (operatorId != null && jdbc.sql("SELECT count(*) FROM provider WHERE id = ?").param(operatorId)
                .query(Long.class).single() == 0) {
            throw Refusal.invalid("unknown-operator", "Unknown operator",
                    "Provider " + operatorId + " is not registered.");
        }
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                INSERT INTO facility (id, policy_code, kind, name, community_code, zone, use_description, operator_id,
                  opened_on, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(id, policyCode, kind.name(), name, communityCode, zone == null ? null : zone.name(), use,
                        operatorId, openedOn, Timestamp.from(clock.instant()))
                .update();
        return id;
    }

    /** The facility as the caller may see it: one of another region is not found. */
    public Facility visible(UUID id, LocalDate day, Actor by) {
        Facility facility = on(id, day);
        by.requireRegion(facility.region(), "Facility", id);
        return facility;
    }

    /** The facility with the use in force on the day (the registered use, or the latest approved change). */
    public Facility on(UUID id, LocalDate day) {
        return jdbc.sql("""
                SELECT f.id, f.policy_code, (SELECT p.region FROM policy_pack p WHERE p.code = f.policy_code LIMIT 1),
                       f.kind, f.name, f.community_code, f.zone,
                       coalesce((SELECT h.use_description FROM facility_use_history h
                                 WHERE h.facility_id = f.id AND h.effective_from <= ?
                                 ORDER BY h.effective_from DESC LIMIT 1), f.use_description),
                       f.operator_id, f.opened_on
                FROM facility f WHERE f.id = ?""")
                .params(day, id)
                .query((rs, n) -> new Facility(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
                        Kind.valueOf(rs.getString(4)), rs.getString(5), rs.getString(6),
                        rs.getString(7) == null ? null : Zone.valueOf(rs.getString(7)), rs.getString(8),
                        rs.getObject(9, UUID.class), rs.getObject(10, LocalDate.class)))
                .optional().orElseThrow(() -> Refusal.notFound("Facility", id));
    }

    /** The canteen subsidy of a facility the caller has been shown ({@link #visible}). */
    public CanteenSubsidy canteenSubsidy(Facility f, int year) {
        UUID id = f.id();
        if (f.kind() != Kind.CANTEEN) {
            throw Refusal.invalid("not-a-canteen", "Not a canteen",
                    "Facility " + id + " is a " + f.kind() + "; only canteens (幸福食堂) receive the canteen subsidy.");
        }
        LocalDate yearEnd = Year.of(year).atMonth(12).atEndOfMonth();
        PolicyPack pack = packs.inForceOn(f.policyCode(), yearEnd).orElseThrow(() -> Refusal.notFound(
                "Policy pack", f.policyCode() + " in force in " + year));
        long annual = pack.rules().canteenAnnualSubsidyFen() == null ? 0 : pack.rules().canteenAnnualSubsidyFen();
        int daysInYear = Year.of(year).length();
        LocalDate from = f.openedOn().isAfter(Year.of(year).atDay(1)) ? f.openedOn() : Year.of(year).atDay(1);
        int daysOpen = from.isAfter(yearEnd) ? 0 : (int) ChronoUnit.DAYS.between(from, yearEnd.plusDays(1));
        long amount = Math.round((double) annual * daysOpen / daysInYear);
        return new CanteenSubsidy(id, year, annual, daysOpen, daysInYear, amount, pack.code(), pack.version());
    }
}
