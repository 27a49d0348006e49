package io.eldercare.workorder.visit;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The code on an elder's door: an opaque token naming the elder and the issue of the code, signed with the platform's
 * key (HMAC-SHA-256), so that a code cannot be made up, copied from one elder to another, or altered. Re-issuing a
 * code raises the issue number; a code of an earlier issue is revoked (the caller compares the issue with the elder's
 * current one). The token holds no personal data: only the elder's pseudonymous id.
 */
public final class DoorTokens {

    private static final String PREFIX = "EC1.";
    private static final int MAC_BYTES = 16;
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final SecretKeySpec key;

    /** {@code key}: at least 32 bytes from the secret store. */
    public DoorTokens(byte[] key) {
        if (key.length < 32) {
            throw new IllegalArgumentException("the door-code key must have at least 32 bytes");
        }
        this.key = new SecretKeySpec(key.clone(), "HmacSHA256");
    }

    /** What a valid code says: whose door, which issue. */
    public record Door(UUID elderId, int issue) {
    }

    /** The code of this elder's door, issue {@code issue}. */
    public String issue(UUID elderId, int issue) {
        byte[] body = ByteBuffer.allocate(20).putLong(elderId.getMostSignificantBits())
                .putLong(elderId.getLeastSignificantBits()).putInt(issue).array();
        return PREFIX + ENCODER.encodeToString(body) + "." + ENCODER.encodeToString(mac(body));
    }

    /** The door a scanned code names, or empty for anything not made by this key (altered, made up, garbled). */
    public Optional<Door> read(String token) {
        if (token == null || !token.startsWith(PREFIX) || token.length() > 100) {
            return Optional.empty();
        }
        String[] parts = token.substring(PREFIX.length()).split("\\.", -1);
        if (parts.length != 2) {
            return Optional.empty();
        }
        try {
            byte[] body = DECODER.decode(parts[0]);
            byte[] signature = DECODER.decode(parts[1]);
            if (body.length != 20 || !MessageDigest.isEqual(mac(body), signature)) {
                return Optional.empty();
            }
            ByteBuffer buffer = ByteBuffer.wrap(body);
            return Optional.of(new Door(new UUID(buffer.getLong(), buffer.getLong()), buffer.getInt()));
        } catch (IllegalArgumentException garbled) {
            return Optional.empty();
        }
    }

    private byte[] mac(byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update("eldercare-door-code".getBytes(StandardCharsets.US_ASCII));
            byte[] full = mac.doFinal(body);
            byte[] truncated = new byte[MAC_BYTES];
            System.arraycopy(full, 0, truncated, 0, MAC_BYTES);
            return truncated;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
