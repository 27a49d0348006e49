package io.eldercare.eligibility.elder;

import io.eldercare.platform.domain.Refusal;
import io.eldercare.platform.privacy.BlindIndex;
import io.eldercare.platform.privacy.FieldCipher;
import io.eldercare.platform.privacy.IdNumbers;
import io.eldercare.platform.privacy.Masking;
import io.eldercare.platform.security.Actor;
import io.eldercare.platform.security.Role;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
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
            String street, String community, Instant erasedAt, String region) {
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

    /**
     * The elder with this ID number, creating the file if there is none; returns the elder id. The file takes the
     * region of the policy applied under (an elder who moved and applies in another region moves with the file).
     */
    @Transactional
    public UUID register(PersonalData person, String streetCode, String communityCode, String region) {
        if (!IdNumbers.isValid(person.idNumber())) {
            throw Refusal.malformed("invalid-id-number", "Invalid ID-card number",
                    "The ID-card number is not a valid 18-character resident ID number; check the birth date and"
                            + " the last character.");
        }
        // the same person applying again keeps their file: the blind index is unique
        // (DO UPDATE rather than DO NOTHING: the file stays locked while the application is filed, so the retention
        // job never erases a file someone is applying with; once erased, the number has no index and a new file opens)
        String idIndex = index.ofIdNumber(person.idNumber());
        UUID id = UUID.randomUUID();
        return jdbc.sql("""
                INSERT INTO elder (id, name_enc, id_number_enc, id_number_index, phone_enc, address_enc, birth_date,
                                   street_code, community_code, created_at, region)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (id_number_index) DO UPDATE SET id_number_index = EXCLUDED.id_number_index,
                    region = EXCLUDED.region
                RETURNING id""")
                .params(id, cipher.encrypt(person.name().trim(), place(NAME, id)),
                        cipher.encrypt(person.idNumber().trim().toUpperCase(), place(ID_NUMBER, id)), idIndex,
                        cipher.encrypt(person.phone(), place(PHONE, id)),
                        cipher.encrypt(person.address(), place(ADDRESS, id)),
                        IdNumbers.birthDate(person.idNumber()), streetCode, communityCode,
                        Timestamp.from(clock.instant()), region)
                .query(UUID.class).single();
    }

    /** The encrypted columns of {@code elder}; each value is bound to its column and row. */
    static final String TABLE = "elder";
    static final String NAME = "name_enc";
    static final String ID_NUMBER = "id_number_enc";
    static final String PHONE = "phone_enc";
    static final String ADDRESS = "address_enc";

    static String place(String column, UUID elderId) {
        return FieldCipher.place(TABLE, column, elderId);
    }

    /** Reads a file for the current caller, logging the read; outside the caller's scope it does not exist. */
    @Transactional
    public ElderView read(UUID elderId, String purpose) {
        Actor actor = Actor.current().require(Role.ELDER, Role.FAMILY, Role.COMMUNITY_WORKER, Role.STREET_REVIEWER,
                Role.DISTRICT_ADMIN, Role.OPERATOR, Role.AUDITOR, Role.ASSESSOR);
        Row row = jdbc.sql("""
                SELECT id, name_enc, id_number_enc, phone_enc, address_enc, birth_date, street_code, community_code,
                       erased_at, region
                FROM elder WHERE id = ?""")
                .param(elderId)
                .query((rs, n) -> new Row(rs.getObject("id", UUID.class), rs.getString("name_enc"),
                        rs.getString("id_number_enc"), rs.getString("phone_enc"), rs.getString("address_enc"),
                        rs.getObject("birth_date", LocalDate.class), rs.getString("street_code"),
                        rs.getString("community_code"), rs.getTimestamp("erased_at") == null ? null
                                : rs.getTimestamp("erased_at").toInstant(), rs.getString("region")))
                .optional().orElseThrow(() -> Refusal.notFound("Elder", elderId));
        if (!inScope(actor, row.street(), row.id(), row.community(), row.region())) {
            throw Refusal.notFound("Elder", elderId);
        }
        if (row.erasedAt() != null) {
            // it existed and was erased after its retention: only the id remains (410, not 404)
            throw Refusal.gone("elder-file-erased", "Elder's file erased", "The personal file of elder " + elderId
                    + " was erased on " + row.erasedAt() + ", after the retention that followed the end of their"
                    + " service; only the id remains.");
        }
        // those who serve the elder directly see the file whole; the call centre, auditors and assessors masked
        boolean masked = actor.is(Role.OPERATOR, Role.AUDITOR, Role.ASSESSOR);
        jdbc.sql("""
                INSERT INTO file_access_log (elder_id, accessor, role, purpose, masked, accessed_at)
                VALUES (?, ?, ?, ?, ?, ?)""")
                .params(row.id(), actor.subject(), actor.role().name(), purpose, masked,
                        Timestamp.from(clock.instant()))
                .update();
        String name = cipher.decrypt(row.name(), place(NAME, row.id()));
        String idNumber = cipher.decrypt(row.idNumber(), place(ID_NUMBER, row.id()));
        String phone = cipher.decrypt(row.phone(), place(PHONE, row.id()));
        String address = cipher.decrypt(row.address(), place(ADDRESS, row.id()));
        return masked
                ? new ElderView(row.id(), Masking.name(name), Masking.idNumber(idNumber), Masking.phone(phone),
                        Masking.address(address), row.birthDate(), row.street(), row.community(), true)
                : new ElderView(row.id(), name, idNumber, phone, address, row.birthDate(), row.street(),
                        row.community(), false);
    }

    /**
     * Whether an elder's file is in the caller's scope: in the caller's region, and then a street reviewer's street, else
     * {@link Actor#reachesElder}.
     */
    static boolean inScope(Actor actor, String elderStreet, UUID elderId, String elderCommunity, String elderRegion) {
        if (!actor.inRegion(elderRegion)) {
            return false;
        }
        return actor.is(Role.STREET_REVIEWER) ? elderStreet.equals(actor.street())
                : actor.reachesElder(elderId, elderCommunity);
    }

    /** What a search by ID number found: the elder if one has that number, and whether the caller may see them. */
    record Found(UUID elderId, boolean inScope) {
    }

    /** Finds the elder with this ID number by its blind index, without reading or logging anything. */
    @Transactional(readOnly = true)
    public Optional<Found> findByIdNumber(Actor actor, String idNumber) {
        return jdbc.sql("SELECT id, street_code, community_code, region FROM elder WHERE id_number_index = ?")
                .param(index.ofIdNumber(idNumber))
                .query((rs, n) -> {
                    UUID id = rs.getObject("id", UUID.class);
                    return new Found(id, inScope(actor, rs.getString("street_code"), id,
                            rs.getString("community_code"), rs.getString("region")));
                })
                .optional();
    }

    /** Who read an elder's file, newest first: for the bureau and auditors of the elder's region. */
    @Transactional(readOnly = true)
    public List<AccessRecord> accessLog(UUID elderId) {
        Actor actor = Actor.current().require(Role.DISTRICT_ADMIN, Role.AUDITOR);
        actor.requireRegion(jdbc.sql("SELECT region FROM elder WHERE id = ?").param(elderId).query(String.class)
                .optional().orElse(null), "Elder", elderId);
        return jdbc.sql("""
                SELECT elder_id, accessor, role, purpose, masked, accessed_at FROM file_access_log
                WHERE elder_id = ? ORDER BY id DESC LIMIT 1000""")
                .param(elderId)
                .query((rs, n) -> new AccessRecord(rs.getObject("elder_id", UUID.class), rs.getString("accessor"),
                        rs.getString("role"), rs.getString("purpose"), rs.getBoolean("masked"),
                        rs.getTimestamp("accessed_at").toInstant()))
                .list();
    }

    /** How far the rotation is: files in all, and how many hold a value not under the current key and place. */
    public record Progress(long files, long stale) {
    }

    /** Counts the files and those still to re-encrypt (erased files hold nothing to re-encrypt). */
    @Transactional(readOnly = true)
    public Progress progress() {
        return jdbc.sql("SELECT count(*) AS files, count(*) FILTER (WHERE " + STALE + ") AS stale FROM elder")
                .param("prefix", cipher.currentPrefix()).param("len", cipher.currentPrefix().length())
                .query((rs, n) -> new Progress(rs.getLong("files"), rs.getLong("stale"))).single();
    }

    /** A value not under the current key in the current format (NULL, as in an erased file, is not stale). */
    private static final String STALE = """
            (left(name_enc, :len) <> :prefix OR left(id_number_enc, :len) <> :prefix
             OR left(phone_enc, :len) <> :prefix OR left(address_enc, :len) <> :prefix)""";

    /**
     * One chunk of the rotation, in one transaction: the next {@code size} files after {@code after} (by id) that hold
     * a stale value, locked as they are read and skipping those another transaction holds (the next pass takes them),
     * re-encrypted under the current key bound to their place. Only these rows are locked, and only until this chunk
     * commits. Returns the ids re-encrypted, in order; the last one is the cursor for the next chunk.
     */
    @Transactional
    public List<UUID> reencryptChunk(UUID after, int size) {
        record Sealed(UUID id, String name, String idNumber, String phone, String address) {
        }
        List<Sealed> stale = jdbc.sql("SELECT id, name_enc, id_number_enc, phone_enc, address_enc FROM elder"
                        + " WHERE id > :after AND " + STALE + " ORDER BY id LIMIT :size FOR UPDATE SKIP LOCKED")
                .param("after", after == null ? new UUID(0, 0) : after)
                .param("prefix", cipher.currentPrefix()).param("len", cipher.currentPrefix().length())
                .param("size", size)
                .query((rs, n) -> new Sealed(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
                        rs.getString(4), rs.getString(5)))
                .list();
        for (Sealed row : stale) {
            jdbc.sql("UPDATE elder SET name_enc = ?, id_number_enc = ?, phone_enc = ?, address_enc = ? WHERE id = ?")
                    .params(cipher.renew(row.name(), place(NAME, row.id())),
                            cipher.renew(row.idNumber(), place(ID_NUMBER, row.id())),
                            cipher.renew(row.phone(), place(PHONE, row.id())),
                            cipher.renew(row.address(), place(ADDRESS, row.id())), row.id())
                    .update();
        }
        return stale.stream().map(Sealed::id).toList();
    }
}
