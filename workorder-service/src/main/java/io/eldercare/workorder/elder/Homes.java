package io.eldercare.workorder.elder;

import io.eldercare.platform.privacy.FieldCipher;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Where elders live, as the dispatch service knows it: the home's position, encrypted at rest, recorded by the
 * community; the check-in's geofence, matching's distances and the travel check measure from it.
 */
@Service
public class Homes {

    private static final String TABLE = "elder";
    private static final String HOME = "home_position";

    private final JdbcClient jdbc;
    private final FieldCipher cipher;

    Homes(JdbcClient jdbc, FieldCipher cipher) {
        this.jdbc = jdbc;
        this.cipher = cipher;
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
}
