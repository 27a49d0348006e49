package io.eldercare.workorder.visit;

import io.eldercare.platform.privacy.FieldCipher;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Elders' doors as the dispatch service knows them: the home's position (encrypted at rest) and the valid issue of
 * the door's QR code. A scanned code names a door only when it was made with this service's key and is of the
 * elder's current issue.
 */
@Service
public class Doors {

    private static final String TABLE = "elder";
    private static final String HOME = "home_position";

    private final JdbcClient jdbc;
    private final FieldCipher cipher;
    private final DoorTokens tokens;

    Doors(JdbcClient jdbc, FieldCipher cipher, @Value("${eldercare.visits.door-code-key}") String doorCodeKey) {
        this.jdbc = jdbc;
        this.cipher = cipher;
        this.tokens = new DoorTokens(Base64.getDecoder().decode(doorCodeKey));
    }

    /** Records where the elder's home is; false when the dispatch service does not know the elder. */
    @Transactional
    public boolean setHome(UUID elderId, Geofence.Point home) {
        String plain = String.format(Locale.ROOT, "%.7f,%.7f", home.latitude(), home.longitude());
        return jdbc.sql("UPDATE elder SET home_position = ? WHERE elder_id = ?")
                .params(cipher.encrypt(plain, FieldCipher.place(TABLE, HOME, elderId)), elderId).update() == 1;
    }

    /** Where the elder's home is, if recorded. */
    public Optional<Geofence.Point> home(UUID elderId) {
        return jdbc.sql("SELECT home_position FROM elder WHERE elder_id = ?").param(elderId).query(String.class)
                .optional()
                .map(stored -> cipher.decrypt(stored, FieldCipher.place(TABLE, HOME, elderId)))
                .map(plain -> {
                    String[] parts = plain.split(",");
                    return new Geofence.Point(Double.parseDouble(parts[0]), Double.parseDouble(parts[1]));
                });
    }

    /** A new code for the elder's door, revoking every earlier one; empty when the elder is not known here. */
    @Transactional
    public Optional<String> issueCode(UUID elderId) {
        return jdbc.sql("UPDATE elder SET door_code_issue = door_code_issue + 1 WHERE elder_id = ?"
                        + " RETURNING door_code_issue")
                .param(elderId).query(Integer.class).optional().map(issue -> tokens.issue(elderId, issue));
    }

    /** The elder whose door a scanned code is on: empty for a made-up, altered or revoked code. */
    public Optional<UUID> doorOf(String code) {
        return tokens.read(code).filter(door -> jdbc.sql("SELECT door_code_issue FROM elder WHERE elder_id = ?")
                .param(door.elderId()).query(Integer.class).optional()
                .map(current -> current == door.issue()).orElse(false))
                .map(DoorTokens.Door::elderId);
    }
}
