package io.eldercare.workorder.visit;

import com.webauthn4j.WebAuthnManager;
import com.webauthn4j.converter.AttestedCredentialDataConverter;
import com.webauthn4j.converter.CollectedClientDataConverter;
import com.webauthn4j.converter.exception.DataConversionException;
import com.webauthn4j.converter.util.ObjectConverter;
import com.webauthn4j.credential.CredentialRecordImpl;
import com.webauthn4j.data.AuthenticationData;
import com.webauthn4j.data.AuthenticationParameters;
import com.webauthn4j.data.AuthenticationRequest;
import com.webauthn4j.data.PublicKeyCredentialParameters;
import com.webauthn4j.data.PublicKeyCredentialType;
import com.webauthn4j.data.RegistrationData;
import com.webauthn4j.data.RegistrationParameters;
import com.webauthn4j.data.RegistrationRequest;
import com.webauthn4j.data.attestation.authenticator.AttestedCredentialData;
import com.webauthn4j.data.attestation.statement.COSEAlgorithmIdentifier;
import com.webauthn4j.data.client.Origin;
import com.webauthn4j.data.client.challenge.DefaultChallenge;
import com.webauthn4j.server.ServerProperty;
import com.webauthn4j.verifier.exception.VerificationException;
import io.eldercare.platform.domain.Refusal;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
/**
 * The elder confirms a visit with a passkey (WebAuthn, webauthn4j): registered once on the elder's or the family's
 * phone, then, at each visit's end, the phone signs a one-time challenge bound to that visit after verifying the
 * elder's fingerprint or face (user verification is required). Challenges live five minutes and are used once; a
 * signature counter that goes backwards (a cloned authenticator) is refused.
 */
@Component
public class Passkeys {

    private static final Duration CHALLENGE_LIFETIME = Duration.ofMinutes(5);
    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64URL_IN = Base64.getUrlDecoder();
    /** ES256 and RS256, what phones' platform authenticators offer. */
    private static final List<PublicKeyCredentialParameters> ALGORITHMS = List.of(
            new PublicKeyCredentialParameters(PublicKeyCredentialType.PUBLIC_KEY, COSEAlgorithmIdentifier.ES256),
            new PublicKeyCredentialParameters(PublicKeyCredentialType.PUBLIC_KEY, COSEAlgorithmIdentifier.RS256));

    private final JdbcClient jdbc;
    private final Clock clock;
    private final String rpId;
    private final Set<Origin> origins;
    private final SecureRandom random = new SecureRandom();
    private final ObjectConverter converter = new ObjectConverter();
    private final WebAuthnManager webAuthn = WebAuthnManager.createNonStrictWebAuthnManager(converter);
    private final AttestedCredentialDataConverter credentials = new AttestedCredentialDataConverter(converter);

    Passkeys(JdbcClient jdbc, Clock clock, @Value("${eldercare.webauthn.rp-id:localhost}") String rpId,
            @Value("${eldercare.webauthn.origins:http://localhost:5173,http://localhost:8080}") List<String> origins) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.rpId = rpId;
        this.origins = origins.stream().map(String::trim).filter(o -> !o.isEmpty()).map(Origin::new)
                .collect(Collectors.toUnmodifiableSet());
    }

    /** What the phone's navigator.credentials.create() is given (publicKey options, binary fields base64url). */
    @Transactional
    public Map<String, Object> registrationOptions(UUID elderId) {
        String challenge = issue("REGISTER", elderId, null);
        return Map.of("challenge", challenge, "rp", Map.of("id", rpId, "name", "居家养老服务平台"),
                "user", Map.of("id", B64URL.encodeToString(bytes(elderId)), "name", "elder-" + elderId,
                        "displayName", "老人 " + elderId.toString().substring(0, 8)),
                "pubKeyCredParams", ALGORITHMS.stream().map(a -> Map.of("type", "public-key", "alg",
                        a.getAlg().getValue())).toList(),
                "authenticatorSelection", Map.of("userVerification", "required", "residentKey", "discouraged"),
                "attestation", "none", "timeout", CHALLENGE_LIFETIME.toMillis(),
                "excludeCredentials", active(elderId).stream().map(id -> Map.of("type", "public-key", "id", id))
                        .toList());
    }

    /** Registers the passkey the phone created for a challenge of this elder's; returns its credential id. */
    @Transactional
    public String register(UUID elderId, String clientDataJson, String attestationObject, String label, String by) {
        byte[] clientData = decode(clientDataJson, "clientDataJSON");
        String challenge = challengeOf(clientData);
        consume(challenge, "REGISTER", elderId, null);
        RegistrationData data;
        try {
            data = webAuthn.verify(new RegistrationRequest(decode(attestationObject, "attestationObject"),
                    clientData), new RegistrationParameters(server(challenge), ALGORITHMS, true, true));
        } catch (VerificationException | DataConversionException e) {
            throw notVerified(e);
        }
        AttestedCredentialData attested = data.getAttestationObject().getAuthenticatorData()
                .getAttestedCredentialData();
        String credentialId = B64URL.encodeToString(attested.getCredentialId());
        int stored = jdbc.sql("""
                INSERT INTO elder_passkey (credential_id, elder_id, attested_credential, sign_count, label,
                                           registered_by, registered_at)
                VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""")
                .params(credentialId, elderId, credentials.convert(attested),
                        data.getAttestationObject().getAuthenticatorData().getSignCount(), label, by,
                        Timestamp.from(clock.instant()))
                .update();
        if (stored == 0) {
            throw Refusal.conflict("passkey-registered", "Passkey already registered",
                    "This passkey is registered already; use it, or register another.");
        }
        return credentialId;
    }

    /** The elder's passkeys not revoked, by credential id (base64url). */
    public List<String> active(UUID elderId) {
        return jdbc.sql("SELECT credential_id FROM elder_passkey WHERE elder_id = ? AND revoked_at IS NULL"
                + " ORDER BY registered_at").param(elderId).query(String.class).list();
    }

    /** What navigator.credentials.get() is given to confirm one visit: a challenge bound to it, the elder's keys. */
    @Transactional
    public Map<String, Object> confirmationOptions(UUID orderId, UUID elderId) {
        List<String> keys = active(elderId);
        if (keys.isEmpty()) {
            throw Refusal.invalid("no-passkey", "No passkey registered",
                    "Elder " + elderId + " has no passkey: register one on the elder's or the family's phone, or"
                            + " confirm at a kiosk.");
        }
        return Map.of("challenge", issue("CONFIRM", elderId, orderId), "rpId", rpId,
                "allowCredentials", keys.stream().map(id -> Map.of("type", "public-key", "id", id)).toList(),
                "userVerification", "required", "timeout", CHALLENGE_LIFETIME.toMillis());
    }

    /** A passkey's signature over a visit's challenge (navigator.credentials.get()'s answer, base64url fields). */
    public record Assertion(String credentialId, String clientDataJson, String authenticatorData, String signature) {
    }

    /**
     * Checks that the elder's own registered passkey signed this visit's unused, fresh challenge with the elder
     * verified, from an allowed origin; returns the credential id. Anything else is refused and changes nothing.
     */
    @Transactional
    public String verify(UUID orderId, UUID elderId, Assertion assertion) {
        record Stored(byte[] attested, long signCount) {
        }
        Stored stored = jdbc.sql("""
                SELECT attested_credential, sign_count FROM elder_passkey
                WHERE credential_id = ? AND elder_id = ? AND revoked_at IS NULL
                FOR UPDATE""") // the counter is read and written under the passkey's row lock: two confirmations
                               // at once are checked one after the other, each against the other's count
                .params(assertion.credentialId(), elderId)
                .query((rs, n) -> new Stored(rs.getBytes(1), rs.getLong(2))).optional()
                .orElseThrow(() -> Refusal.invalid("unknown-passkey", "Not the elder's passkey",
                        "The passkey that signed is not one registered for this elder (or it was revoked)."));
        byte[] clientData = decode(assertion.clientDataJson(), "clientDataJSON");
        String challenge = challengeOf(clientData);
        consume(challenge, "CONFIRM", elderId, orderId);
        AttestedCredentialData attested = credentials.convert(stored.attested());
        CredentialRecordImpl record = new CredentialRecordImpl(null, null, null, null, stored.signCount(), attested,
                null, null, null, null);
        AuthenticationData data;
        try {
            data = webAuthn.verify(new AuthenticationRequest(decode(assertion.credentialId(), "credentialId"), null,
                    decode(assertion.authenticatorData(), "authenticatorData"), clientData, null,
                    decode(assertion.signature(), "signature")),
                    new AuthenticationParameters(server(challenge), record, null, true, true));
        } catch (VerificationException | DataConversionException e) {
            throw notVerified(e);
        }
        jdbc.sql("UPDATE elder_passkey SET sign_count = GREATEST(sign_count, ?), last_used_at = ?"
                        + " WHERE credential_id = ?")
                .params(data.getAuthenticatorData().getSignCount(), Timestamp.from(clock.instant()),
                        assertion.credentialId())
                .update();
        return assertion.credentialId();
    }

    private ServerProperty server(String challenge) {
        return ServerProperty.builder().origins(origins).rpId(rpId)
                .challenge(new DefaultChallenge(B64URL_IN.decode(challenge))).build();
    }

    private String issue(String purpose, UUID elderId, UUID orderId) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String challenge = B64URL.encodeToString(bytes);
        Instant now = clock.instant();
        jdbc.sql("DELETE FROM webauthn_challenge WHERE issued_at < ?")
                .param(Timestamp.from(now.minus(Duration.ofDays(1)))).update();
        jdbc.sql("""
                INSERT INTO webauthn_challenge (challenge, purpose, elder_id, order_id, issued_at)
                VALUES (?, ?, ?, ?, ?)""")
                .params(challenge, purpose, elderId, orderId, Timestamp.from(now)).update();
        return challenge;
    }

    /** Uses a challenge issued for this purpose, elder (and visit), at most five minutes ago, once. */
    private void consume(String challenge, String purpose, UUID elderId, UUID orderId) {
        record Issued(String purpose, UUID elder, UUID order, Instant at, boolean used) {
        }
        Issued issued = jdbc.sql("""
                SELECT purpose, elder_id, order_id, issued_at, used_at IS NOT NULL FROM webauthn_challenge
                WHERE challenge = ? FOR UPDATE""").param(challenge)
                .query((rs, n) -> new Issued(rs.getString(1), rs.getObject(2, UUID.class),
                        rs.getObject(3, UUID.class), rs.getTimestamp(4).toInstant(), rs.getBoolean(5)))
                .optional().orElse(null);
        if (issued == null || !issued.purpose().equals(purpose) || !issued.elder().equals(elderId)
                || (orderId != null && !orderId.equals(issued.order()))) {
            throw Refusal.invalid("unknown-challenge", "Not this visit's challenge",
                    "The phone signed a challenge not issued for this " + (orderId == null ? "elder's registration"
                            : "visit") + "; ask for new options and try again.");
        }
        if (issued.used()) {
            throw Refusal.conflict("challenge-used", "Challenge already used",
                    "This challenge was answered once already (a replay); ask for new options.");
        }
        if (issued.at().isBefore(clock.instant().minus(CHALLENGE_LIFETIME))) {
            throw Refusal.invalid("challenge-expired", "Challenge expired",
                    "The challenge was issued more than five minutes ago; ask for new options and try again.");
        }
        jdbc.sql("UPDATE webauthn_challenge SET used_at = ? WHERE challenge = ?")
                .params(Timestamp.from(clock.instant()), challenge).update();
    }

    private String challengeOf(byte[] clientData) {
        try {
            return B64URL.encodeToString(new CollectedClientDataConverter(converter)
                    .convert(clientData).getChallenge().getValue());
        } catch (DataConversionException | NullPointerException e) {
            throw Refusal.malformed("invalid-request", "Not client data",
                    "clientDataJSON is not the client data a WebAuthn client produces.");
        }
    }

    private static byte[] decode(String base64url, String field) {
        try {
            if (base64url == null || base64url.isBlank()) {
                throw new IllegalArgumentException("missing");
            }
            return B64URL_IN.decode(base64url);
        } catch (IllegalArgumentException e) {
            throw Refusal.malformed("invalid-request", "Not base64url",
                    field + " must be base64url, as the WebAuthn client produced it.");
        }
    }

    /**
     * Why is logged here, never answered: naming the verifier's failure (a bad origin, a bad challenge…) would tell a
     * forger which part of a forged answer to fix next.
     */
    private static Refusal notVerified(Exception e) {
        LoggerFactory.getLogger(Passkeys.class).info("a passkey answer did not verify: {}",
                e.getClass().getSimpleName());
        return Refusal.invalid("passkey-not-verified", "The passkey was not verified",
                "The phone's answer did not verify: the elder's fingerprint or face must be verified on the phone,"
                        + " for this site, with the registered passkey.");
    }

    private static byte[] bytes(UUID id) {
        return ByteBuffer.allocate(16).putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits())
                .array();
    }
}
