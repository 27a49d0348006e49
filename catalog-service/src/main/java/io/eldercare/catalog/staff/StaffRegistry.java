package io.eldercare.catalog.staff;

import io.eldercare.events.StaffQualified;
import io.eldercare.platform.domain.Refusal;
import io.eldercare.platform.messaging.Outbox;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Caregivers and professionals of a provider (嘉峪关 第十三条; 黄陂 五(三)): certificates with their expiry, the health
 * certificate, skills mapped to items, and training. Dispatch asks whether someone may serve an item on a day.
 */
@Service
public class StaffRegistry {

    /** The professions of 第十三条. */
    public enum Profession { CAREGIVER, NURSE, HEALTH_CARER, REHAB, SOCIAL_WORKER, COUNSELLOR }

    /** A professional certificate (养老护理员证, 护士执业证…). */
    public record Certificate(Profession profession, String number, LocalDate expiresOn) {
    }

    /** A skill: an item of a pack the person is trained to deliver. */
    public record Skill(String policyCode, String itemCode) {
    }

    /** A completed training (第十三条: providers and assessors train their staff regularly). */
    public record Training(String course, int hours, LocalDate completedOn, String trainer) {
    }

    /** A staff member's file. */
    public record StaffMember(UUID id, UUID providerId, String name, Profession profession, String healthCertNo,
            LocalDate healthCertExpires, List<Certificate> certificates, List<Skill> skills,
            List<Training> training) {
    }

    /** Whether someone may serve an item on a day, and if not, every reason why not. */
    public record Qualification(UUID staffId, String policyCode, String itemCode, LocalDate on, boolean qualified,
            List<String> reasons) {
    }

    private final JdbcClient jdbc;
    private final Outbox outbox;
    private final Clock clock;

    StaffRegistry(JdbcClient jdbc, Outbox outbox, Clock clock) {
        this.jdbc = jdbc;
        this.outbox = outbox;
        this.clock = clock;
    }

    @Transactional
    public UUID register(UUID providerId, String name, Profession profession, String healthCertNo,
            LocalDate healthCertExpires, List<Certificate> certificates, List<Skill> skills) {
        if (jdbc.sql("SELECT count(*) FROM provider WHERE id = ?").param(providerId).query(Long.class).single()
                == 0) {
            throw Refusal.notFound("Provider", providerId);
        }
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                INSERT INTO staff (id, provider_id, name, profession, health_cert_no, health_cert_expires, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)""")
                .params(id, providerId, name, profession.name(), healthCertNo, healthCertExpires,
                        Timestamp.from(clock.instant()))
                .update();
        certificates.forEach(c -> insertCertificate(id, c));
        addSkills(id, skills);
        announce(id);
        return id;
    }

    @Transactional
    public void addCertificate(UUID staffId, Certificate certificate) {
        lock(staffId);
        insertCertificate(staffId, certificate);
        announce(staffId);
    }

    @Transactional
    public void renewHealthCertificate(UUID staffId, String number, LocalDate expires) {
        lock(staffId);
        jdbc.sql("UPDATE staff SET health_cert_no = ?, health_cert_expires = ? WHERE id = ?")
                .params(number, expires, staffId).update();
        announce(staffId);
    }

    private void addSkills(UUID staffId, List<Skill> skills) {
        for (Skill s : skills) {
            if (jdbc.sql("SELECT count(*) FROM service_item WHERE policy_code = ? AND code = ? AND mode = 'OFFLINE'")
                    .params(s.policyCode(), s.itemCode()).query(Long.class).single() == 0) {
                throw Refusal.invalid("unknown-items", "Unknown service item",
                        s.itemCode() + " is not an offline item of " + s.policyCode() + ".");
            }
            jdbc.sql("INSERT INTO staff_skill VALUES (?, ?, ?) ON CONFLICT DO NOTHING")
                    .params(staffId, s.policyCode(), s.itemCode()).update();
        }
    }

    @Transactional
    public void addSkillsAndAnnounce(UUID staffId, List<Skill> skills) {
        lock(staffId);
        addSkills(staffId, skills);
        announce(staffId);
    }

    @Transactional
    public void recordTraining(UUID staffId, Training training) {
        lock(staffId);
        if (training.completedOn().isAfter(LocalDate.now(clock))) {
            throw Refusal.invalid("training-in-future", "Training not yet completed",
                    "Record a training once it is completed, not for " + training.completedOn() + ".");
        }
        jdbc.sql("INSERT INTO staff_training (staff_id, course, hours, completed_on, trainer) VALUES (?, ?, ?, ?, ?)")
                .params(staffId, training.course(), training.hours(), training.completedOn(), training.trainer())
                .update();
    }

    public StaffMember find(UUID staffId) {
        record Row(UUID id, UUID provider, String name, Profession profession, String healthNo,
                LocalDate healthExpires) {
        }
        Row row = jdbc.sql("""
                SELECT id, provider_id, name, profession, health_cert_no, health_cert_expires FROM staff WHERE id = ?""")
                .param(staffId)
                .query((rs, n) -> new Row(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3),
                        Profession.valueOf(rs.getString(4)), rs.getString(5), rs.getObject(6, LocalDate.class)))
                .optional().orElseThrow(() -> Refusal.notFound("Staff member", staffId));
        List<Certificate> certificates = jdbc.sql("""
                SELECT profession, number, expires_on FROM staff_certificate WHERE staff_id = ? ORDER BY expires_on""")
                .param(staffId).query((rs, n) -> new Certificate(Profession.valueOf(rs.getString(1)),
                        rs.getString(2), rs.getObject(3, LocalDate.class))).list();
        List<Skill> skills = jdbc.sql("""
                SELECT policy_code, item_code FROM staff_skill WHERE staff_id = ? ORDER BY policy_code, item_code""")
                .param(staffId).query((rs, n) -> new Skill(rs.getString(1), rs.getString(2))).list();
        List<Training> training = jdbc.sql("""
                SELECT course, hours, completed_on, trainer FROM staff_training WHERE staff_id = ? ORDER BY id""")
                .param(staffId).query((rs, n) -> new Training(rs.getString(1), rs.getInt(2),
                        rs.getObject(3, LocalDate.class), rs.getString(4))).list();
        return new StaffMember(row.id(), row.provider(), row.name(), row.profession(), row.healthNo(),
                row.healthExpires(), certificates, skills, training);
    }

    /**
     * Qualified for an item on a day: the health certificate is valid that day (五(三)1), the item is among the
     * person's skills, and a certificate valid that day is of a profession the item's category accepts.
     */
    public Qualification qualification(UUID staffId, String policyCode, String itemCode, LocalDate on) {
        return qualification(find(staffId), policyCode, itemCode, on);
    }

    private Qualification qualification(StaffMember s, String policyCode, String itemCode, LocalDate on) {
        List<String> reasons = new ArrayList<>();
        if (s.healthCertExpires().isBefore(on)) {
            reasons.add("health certificate expired on " + s.healthCertExpires());
        }
        if (!s.skills().contains(new Skill(policyCode, itemCode))) {
            reasons.add(itemCode + " is not among the skills on file");
        }
        List<String> accepted = acceptedProfessions(policyCode, itemCode);
        if (qualifyingCertificates(s, accepted, on).isEmpty()) {
            reasons.add("no certificate valid on " + on + " of a profession accepted for " + itemCode + " "
                    + accepted);
        }
        return new Qualification(s.id(), policyCode, itemCode, on, reasons.isEmpty(), reasons);
    }

    private static List<Certificate> qualifyingCertificates(StaffMember s, List<String> professions, LocalDate on) {
        return s.certificates().stream().filter(c -> !c.expiresOn().isBefore(on)
                && professions.contains(c.profession().name())).toList();
    }

    private List<String> acceptedProfessions(String policyCode, String itemCode) {
        return jdbc.sql("""
                SELECT cp.profession FROM category_profession cp
                JOIN service_item i ON i.category = cp.category WHERE i.policy_code = ? AND i.code = ?
                ORDER BY cp.profession""").params(policyCode, itemCode).query(String.class).list();
    }

    /**
     * Publishes StaffQualified for each pack in which the person may serve some item today, qualified until the
     * health certificate or the last certificate that qualifies for those items runs out, whichever is first.
     */
    private void announce(UUID staffId) {
        jdbc.sql("INSERT INTO published_fact (kind, fact_key) VALUES ('STAFF', ?) ON CONFLICT DO NOTHING")
                .param(staffId.toString()).update();
        StaffMember s = find(staffId);
        LocalDate today = LocalDate.now(clock);
        s.skills().stream().map(Skill::policyCode).distinct().forEach(policy -> {
            List<String> items = new ArrayList<>();
            List<LocalDate> certificateEnds = new ArrayList<>();
            for (Skill skill : s.skills()) {
                if (skill.policyCode().equals(policy)
                        && qualification(s, policy, skill.itemCode(), today).qualified()) {
                    items.add(skill.itemCode());
                    qualifyingCertificates(s, acceptedProfessions(policy, skill.itemCode()), today)
                            .forEach(c -> certificateEnds.add(c.expiresOn()));
                }
            }
            if (items.isEmpty()) {
                return;
            }
            Optional<LocalDate> certificateUntil = certificateEnds.stream().max(Comparator.naturalOrder());
            LocalDate until = certificateUntil.filter(d -> d.isBefore(s.healthCertExpires()))
                    .orElse(s.healthCertExpires());
            outbox.publish(new StaffQualified(staffId, s.providerId(), s.profession().name(), policy, items, today,
                    until));
        });
    }

    /**
     * Announces staff loaded without the API (the local stack's demo caregivers), once: dispatch learns of them as of
     * any other. Returns how many.
     */
    @EventListener(ApplicationReadyEvent.class)
    @Transactional
    public int announceUnannounced() {
        List<UUID> unannounced = jdbc.sql("""
                SELECT id FROM staff s WHERE NOT EXISTS (SELECT 1 FROM published_fact f
                  WHERE f.kind = 'STAFF' AND f.fact_key = s.id::text) ORDER BY created_at, id""")
                .query(UUID.class).list();
        unannounced.forEach(this::announce);
        return unannounced.size();
    }

    private void insertCertificate(UUID staffId, Certificate c) {
        jdbc.sql("""
                INSERT INTO staff_certificate (staff_id, profession, number, expires_on) VALUES (?, ?, ?, ?)
                ON CONFLICT (staff_id, number) DO UPDATE SET profession = excluded.profession,
                  expires_on = excluded.expires_on""")
                .params(staffId, c.profession().name(), c.number(), c.expiresOn()).update();
    }

    private UUID lock(UUID staffId) {
        return jdbc.sql("SELECT provider_id FROM staff WHERE id = ? FOR UPDATE").param(staffId).query(UUID.class)
                .optional().orElseThrow(() -> Refusal.notFound("Staff member", staffId));
    }

    /** The provider a staff member works for. */
    public UUID providerOf(UUID staffId) {
        return jdbc.sql("SELECT provider_id FROM staff WHERE id = ?").param(staffId).query(UUID.class).optional()
                .orElseThrow(() -> Refusal.notFound("Staff member", staffId));
    }
}
