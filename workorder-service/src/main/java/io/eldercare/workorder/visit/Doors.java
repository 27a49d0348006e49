package io.eldercare.workorder.visit;

import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Elders' doors: the valid issue of the door's QR code. A scanned code names a door only when it was made with this
 * service's key and is of the elder's current issue. (Where the home is: {@code elder.Homes}.)
 */
@Service
public class Doors {

    private final JdbcClient jdbc;
    private final DoorTokens tokens;

    Doors(JdbcClient jdbc, @Value("${eldercare.visits.door-code-key}") String doorCodeKey) {
        this.jdbc = jdbc;
        this.tokens = new DoorTokens(Base64.getDecoder().decode(doorCodeKey));
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
