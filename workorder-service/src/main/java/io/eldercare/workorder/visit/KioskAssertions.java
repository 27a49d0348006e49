package io.eldercare.workorder.visit;

import io.eldercare.platform.domain.Refusal;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Face-match assertions from registered canteen and kiosk terminals (Jiayuguan 第十八条: face or fingerprint). The
 * terminal matches the elder's face itself and signs what it saw with its own key (ECDSA P-256, SHA-256); the
 * platform checks the terminal is registered and not revoked, the signature, that it names this order and elder, the
 * match score against the threshold, that it is fresh, and that its nonce was never used: a replayed or stale
 * assertion confirms nothing.
 */
@Service
public class KioskAssertions {

    private final JdbcClient jdbc;
    private final Clock clock;
    private final BigDecimal threshold;
    private final Duration freshness;

    KioskAssertions(JdbcClient jdbc, Clock clock,
            @Value("${eldercare.visits.face-match-threshold:0.80}") BigDecimal threshold,
            @Value("${eldercare.visits.assertion-freshness:PT5M}") Duration freshness) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.threshold = threshold;
        this.freshness = freshness;
    }

    /** What a terminal asserts, and its signature over {@link #signedText}. */
    public record Assertion(UUID terminalId, UUID orderId, UUID elderId, BigDecimal matchScore, Instant capturedAt,
            String nonce, String signature) {

        /** The exact text the terminal signs (UTF-8): the fields joined by '|'. */
        public String signedText() {
            return String.join("|", terminalId.toString(), orderId.toString(), elderId.toString(),
                    matchScore.toPlainString(), capturedAt.toString(), nonce);
        }
    }

    /** Registers a terminal's public key (X.509 SubjectPublicKeyInfo, base64) for a region; returns its id. */
    public UUID register(String name, String region, UUID providerId, String publicKeyBase64, String by) {
        publicKey(publicKeyBase64);
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                INSERT INTO kiosk_terminal (id, name, region, provider_id, public_key, registered_by, registered_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)""")
                .params(id, name, region, providerId, publicKeyBase64, by, Timestamp.from(clock.instant())).update();
        return id;
    }

    /**
     * Revokes a terminal of the region (review N-L1: a stolen kiosk's key must stop confirming at once); its
     * assertions are refused as an unknown terminal from then on. Another region's terminal is not found; a revoked one
     * is revoked once (409).
     */
    public void revoke(UUID terminalId, String region, String by) {
        Boolean revoked = jdbc.sql("""
                SELECT revoked_at IS NOT NULL FROM kiosk_terminal
                WHERE id = ? AND (CAST(? AS varchar) IS NULL OR region = ?) FOR UPDATE""")
                .params(terminalId, region, region).query(Boolean.class).optional()
                .orElseThrow(() -> Refusal.notFound("Terminal", terminalId));
        if (revoked) {
            throw Refusal.conflict("terminal-revoked", "Terminal already revoked",
                    "Terminal " + terminalId + " was revoked already; register a new one for a new device.");
        }
        jdbc.sql("UPDATE kiosk_terminal SET revoked_at = ?, revoked_by = ? WHERE id = ?")
                .params(Timestamp.from(clock.instant()), by, terminalId).update();
    }

    /** The provider running the canteen a registered terminal stands in (none for a kiosk elsewhere). */
    public Optional<UUID> canteenProvider(UUID terminalId) {
        return jdbc.sql("SELECT provider_id FROM kiosk_terminal WHERE id = ? AND revoked_at IS NULL")
                .param(terminalId).query((rs, n) -> Optional.ofNullable(rs.getObject(1, UUID.class))).optional()
                .flatMap(p -> p);
    }

    /**
     * Accepts the assertion for this order and elder, or refuses it with the reason; the nonce is spent in the
     * caller's transaction, so a refused confirmation spends nothing.
     */
    public BigDecimal verify(Assertion a, UUID orderId, UUID elderId, String region) {
        check(a, orderId, elderId, region);
        spend(a, orderId);
        return a.matchScore();
    }

    /** Every check of {@link #verify} but the nonce's: nothing is spent. */
    public void check(Assertion a, UUID orderId, UUID elderId, String region) {
        // a terminal confirms visits of its own region only
        String key = jdbc.sql("""
                SELECT public_key FROM kiosk_terminal
                WHERE id = ? AND revoked_at IS NULL AND (CAST(? AS varchar) IS NULL OR region = ?)""")
                .params(a.terminalId(), region, region).query(String.class).optional()
                .orElseThrow(() -> refused("unknown-terminal", "Terminal " + a.terminalId()
                        + " is not a registered terminal of this region (or was revoked)."));
        if (!signatureValid(key, a)) {
            throw refused("bad-signature", "The assertion's signature does not verify with the terminal's key.");
        }
        if (!a.orderId().equals(orderId) || !a.elderId().equals(elderId)) {
            throw refused("assertion-for-another-visit", "The assertion names another order or elder.");
        }
        if (a.matchScore().compareTo(threshold) < 0) {
            throw refused("face-not-matched", "Match score " + a.matchScore() + " is below " + threshold
                    + ": the face did not match the elder's.");
        }
        Instant now = clock.instant();
        if (a.capturedAt().isBefore(now.minus(freshness)) || a.capturedAt().isAfter(now.plusSeconds(30))) {
            throw refused("stale-assertion", "The assertion was captured at " + a.capturedAt() + "; one from the"
                    + " last " + freshness.toMinutes() + " minutes is needed.");
        }
    }

    /** Spends the assertion's nonce in the caller's transaction; a second time is a replay (409). */
    public void spend(Assertion a, UUID orderId) {
        Instant now = clock.instant();
        int spent = jdbc.sql("""
                INSERT INTO kiosk_assertion (terminal_id, nonce, order_id, received_at) VALUES (?, ?, ?, ?)
                ON CONFLICT DO NOTHING""")
                .params(a.terminalId(), a.nonce(), orderId, Timestamp.from(now)).update();
        if (spent == 0) {
            throw Refusal.conflict("assertion-replayed", "Assertion already used",
                    "This terminal's assertion " + a.nonce() + " was used before; a replay confirms nothing.");
        }
    }

    private static boolean signatureValid(String publicKeyBase64, Assertion a) {
        try {
            Signature verifier = Signature.getInstance("SHA256withECDSA");
            verifier.initVerify(publicKey(publicKeyBase64));
            verifier.update(a.signedText().getBytes(StandardCharsets.UTF_8));
            return verifier.verify(Base64.getDecoder().decode(a.signature()));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    private static PublicKey publicKey(String base64) {
        try {
            return KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(
                    Base64.getDecoder().decode(base64)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw Refusal.malformed("invalid-public-key", "Not an EC public key",
                    "Send the terminal's public key as base64 X.509 SubjectPublicKeyInfo (EC P-256).");
        }
    }

    private static Refusal refused(String problem, String detail) {
        return Refusal.invalid(problem, "Confirmation refused", detail);
    }
}
