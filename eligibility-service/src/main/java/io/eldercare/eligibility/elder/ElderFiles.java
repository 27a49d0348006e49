package io.eldercare.eligibility.elder;

import io.eldercare.platform.privacy.BlindIndex;
import io.eldercare.platform.privacy.FieldCipher;
import io.eldercare.platform.privacy.IdNumbers;
import io.eldercare.platform.privacy.Masking;
import io.eldercare.platform.security.Actor;
import io.eldercare.platform.security.Role;
import io.eldercare.platform.web.DomainException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Elders' files: personal data encrypted at rest, found by ID number through a blind index, shown whole only to
 * the roles that serve the elder and masked to the others, and every read logged with its purpose.
 */
@Service
public class ElderFiles {

    /** What a person gives about themself on the application form. */
    public record PersonalData(String name, String idNumber, String phone, String address) {
    }

    /** An elder's file as a role may see it. */
    public record ElderView(UUID id, String name, String idNumber, String phone, String address,
            LocalDate birthDate, String streetCode, String communityCode, boolean masked) {
    }

    /** One read of a file. */
    public record AccessRecord(UUID elderId, String accessor, String role, String purpose, boolean masked,
            Instant accessedAt) {
    }

    private record Row(UUID id, String name, String idNumber, String phone, String address, LocalDate birthDate,
            String street, String community) {
    }

    private final JdbcClient jdbc;
    private final FieldCipher cipher;
    private final BlindIndex index;
    private final Clock clock;

    ElderFiles(JdbcClient jdbc, FieldCipher cipher, BlindIndex index, Clock clock) {
        this.jdbc = jdbc;
        this.cipher = cipher;
        this.index = index;
        this.clock = clock;
    }

    /** The elder with this ID number, creating the file if there is none; returns the elder id. */
    @Transactional
    public UUID register(PersonalData person, String streetCode, String communityCode) {
        if (!IdNumbers.isValid(person.idNumber())) {
            throw new DomainException(HttpStatus.BAD_REQUEST, "invalid-id-number", "Invalid ID-card number",
                    "The ID-card number is not a valid 18-character resident ID number; check the birth date and"
                            + " the last character.");
        }
        // the same person applying again keeps their file: the blind index is unique
        String idIndex = index.ofIdNumber(person.idNumber());
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                INSERT INTO elder (id, name_enc, id_number_enc, id_number_index, phone_enc, address_enc, birth_date,
                                   street_code, community_code, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id_number_index) DO NOTHING""")
                .params(id, cipher.encrypt(person.name().trim()), cipher.encrypt(person.idNumber().trim()
                        .toUpperCase()), idIndex, cipher.encrypt(person.phone()), cipher.encrypt(person.address()),
                        IdNumbers.birthDate(person.idNumber()), streetCode, communityCode,
                        Timestamp.from(clock.instant()))
                .update();
        return jdbc.sql("SELECT id FROM elder WHERE id_number_index = ?").param(idIndex).query(UUID.class)
                .single();
    }

    /** Reads a file for the current caller, logging the read; outside the caller's scope it does not exist. */
    @Transactional
    public ElderView read(UUID elderId, String purpose) {
        Actor actor = Actor.current().require(Role.ELDER, Role.FAMILY, Role.COMMUNITY_WORKER, Role.STREET_REVIEWER,
                Role.DISTRICT_ADMIN, Role.OPERATOR, Role.AUDITOR, Role.ASSESSOR);
        Row row = jdbc.sql("""
                SELECT id, name_enc, id_number_enc, phone_enc, address_enc, birth_date, street_code, community_code
                FROM elder WHERE id = ?""")
                .param(elderId)
                .query((rs, n) -> new Row(rs.getObject("id", UUID.class), rs.getString("name_enc"),
                        rs.getString("id_number_enc"), rs.getString("phone_enc"), rs.getString("address_enc"),
                        rs.getObject("birth_date", LocalDate.class), rs.getString("street_code"),
                        rs.getString("community_code")))
                .optional().orElseThrow(() -> DomainException.notFound("Elder", elderId));
        boolean inScope = actor.is(Role.STREET_REVIEWER) ? row.street().equals(actor.street())
                : actor.reachesElder(row.id(), row.community());
        if (!inScope) {
            throw DomainException.notFound("Elder", elderId);
        }
        // those who serve the elder directly see the file whole; the call centre, auditors and assessors masked
        boolean masked = actor.is(Role.OPERATOR, Role.AUDITOR, Role.ASSESSOR);
        jdbc.sql("""
                INSERT INTO file_access_log (elder_id, accessor, role, purpose, masked, accessed_at)
                VALUES (?, ?, ?, ?, ?, ?)""")
                .params(row.id(), actor.subject(), actor.role().name(), purpose, masked,
                        Timestamp.from(clock.instant()))
                .update();
        String name = cipher.decrypt(row.name());
        String idNumber = cipher.decrypt(row.idNumber());
        String phone = cipher.decrypt(row.phone());
        String address = cipher.decrypt(row.address());
        return masked
                ? new ElderView(row.id(), Masking.name(name), Masking.idNumber(idNumber), Masking.phone(phone),
                        Masking.address(address), row.birthDate(), row.street(), row.community(), true)
                : new ElderView(row.id(), name, idNumber, phone, address, row.birthDate(), row.street(),
                        row.community(), false);
    }

    /** The elder with this ID number, if the caller may see them. */
    @Transactional
    public ElderView findByIdNumber(String idNumber, String purpose) {
        UUID id = jdbc.sql("SELECT id FROM elder WHERE id_number_index = ?").param(index.ofIdNumber(idNumber))
                .query(UUID.class).optional()
                .orElseThrow(() -> DomainException.notFound("Elder with that ID number", "(not shown)"));
        return read(id, purpose);
    }

    /** Who read an elder's file, newest first: for the bureau and auditors. */
    @Transactional(readOnly = true)
    public List<AccessRecord> accessLog(UUID elderId) {
        Actor.current().require(Role.DISTRICT_ADMIN, Role.AUDITOR);
        return jdbc.sql("""
                SELECT elder_id, accessor, role, purpose, masked, accessed_at FROM file_access_log
                WHERE elder_id = ? ORDER BY id DESC LIMIT 1000""")
                .param(elderId)
                .query((rs, n) -> new AccessRecord(rs.getObject("elder_id", UUID.class), rs.getString("accessor"),
                        rs.getString("role"), rs.getString("purpose"), rs.getBoolean("masked"),
                        rs.getTimestamp("accessed_at").toInstant()))
                .list();
    }

    /** Re-encrypts values written under an older key with the current one; returns how many files changed. */
    @Transactional
    public int reencrypt() {
        record Sealed(UUID id, String name, String idNumber, String phone, String address) {
        }
        List<Sealed> stale = jdbc.sql("""
                SELECT id, name_enc, id_number_enc, phone_enc, address_enc FROM elder
                WHERE name_enc NOT LIKE :current OR id_number_enc NOT LIKE :current
                   OR phone_enc NOT LIKE :current OR address_enc NOT LIKE :current
                FOR UPDATE""")
                .param("current", "v1." + cipher.currentKey() + ".%")
                .query((rs, n) -> new Sealed(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
                        rs.getString(4), rs.getString(5)))
                .list();
        for (Sealed row : stale) {
            jdbc.sql("UPDATE elder SET name_enc = ?, id_number_enc = ?, phone_enc = ?, address_enc = ? WHERE id = ?")
                    .params(renew(row.name()), renew(row.idNumber()), renew(row.phone()), renew(row.address()),
                            row.id())
                    .update();
        }
        return stale.size();
    }


    private String renew(String stored) {
        return stored == null || !cipher.needsReencryption(stored) ? stored : cipher.encrypt(cipher.decrypt(stored));
    }
}
