package io.eldercare.platform.privacy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.stream.Collectors;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Authenticated encryption of personal fields (AES-256-GCM, a random 96-bit nonce per value). A value is bound to
 * where it is stored: the associated data is the key id and the value's place, {@code table:column:rowId}, so a
 * ciphertext copied to another row or column fails to decrypt. A stored value names its format and key,
 * {@code v2.<keyId>.<base64url(nonce|ciphertext|tag)>}, so keys rotate without downtime: new values use the current
 * key, old ones stay readable until re-encrypted. Values of the first format, {@code v1.<keyId>.…} (the key id alone
 * as associated data, bound to no place), are still read, and {@link #needsReencryption} names them for the rotation.
 */
public class FieldCipher {

    private static final String LEGACY = "v1";
    private static final String PREFIX = "v2";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final Map<String, SecretKey> keys;
    private final String currentKey;
    private final SecureRandom random = new SecureRandom();

    public FieldCipher(PrivacyProperties properties) {
        if (properties.keys() == null || properties.keys().isEmpty() || properties.currentKey() == null) {
            throw new IllegalStateException("eldercare.privacy.keys and eldercare.privacy.current-key are required");
        }
        properties.keys().keySet().stream().filter(id -> !id.matches("[A-Za-z0-9_-]{1,40}")).findAny()
                .ifPresent(id -> {
                    throw new IllegalStateException("key id '" + id + "' must be letters, digits, '-' or '_'");
                });
        this.keys = properties.keys().entrySet().stream().collect(Collectors.toUnmodifiableMap(Map.Entry::getKey,
                e -> key(e.getKey(), e.getValue())));
        if (!keys.containsKey(properties.currentKey())) {
            throw new IllegalStateException("current key " + properties.currentKey() + " is not among the keys");
        }
        this.currentKey = properties.currentKey();
    }

    /** Where a value is stored, its associated data: {@code table:column:rowId}. */
    public static String place(String table, String column, Object rowId) {
        if (table == null || column == null || rowId == null) {
            throw new IllegalArgumentException("a value is bound to a table, a column and a row");
        }
        return table + ":" + column + ":" + rowId;
    }

    /** Encrypts with the current key, bound to its place (see {@link #place}); null stays null. */
    public String encrypt(String plaintext, String place) {
        if (plaintext == null) {
            return null;
        }
        requirePlace(place);
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            random.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, keys.get(currentKey), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData(currentKey, place));
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            byte[] out = ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array();
            return PREFIX + "." + currentKey + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("encryption failed", e);
        }
    }

    /**
     * Decrypts with the key the value names, checking that it was encrypted for this place; a tampered value, or
     * one copied from another row or column, fails. A first-format value (bound to no place) is read as it is.
     */
    public String decrypt(String stored, String place) {
        if (stored == null) {
            return null;
        }
        requirePlace(place);
        String[] parts = stored.split("\\.", 3);
        if (parts.length != 3 || !(PREFIX.equals(parts[0]) || LEGACY.equals(parts[0])) || !keys.containsKey(parts[1])) {
            throw new IllegalStateException("not a value this platform encrypted, or its key is gone");
        }
        try {
            byte[] in = Base64.getUrlDecoder().decode(parts[2]);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, keys.get(parts[1]), new GCMParameterSpec(TAG_BITS, in, 0,
                    NONCE_BYTES));
            cipher.updateAAD(LEGACY.equals(parts[0]) ? parts[1].getBytes(StandardCharsets.UTF_8)
                    : associatedData(parts[1], place));
            return new String(cipher.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("decryption failed: the value was altered, belongs to another place, or"
                    + " the key is wrong", e);
        }
    }

    /** Re-encrypts a value under the current key bound to its place, if it is not already; null stays null. */
    public String renew(String stored, String place) {
        return needsReencryption(stored) ? encrypt(decrypt(stored, place), place) : stored;
    }

    /** True when the value was encrypted with a key other than the current one, or in the first format. */
    public boolean needsReencryption(String stored) {
        return stored != null && !stored.startsWith(currentPrefix());
    }

    /** How every value under the current key, in the current format, begins. */
    public String currentPrefix() {
        return PREFIX + "." + currentKey + ".";
    }

    public String currentKey() {
        return currentKey;
    }

    private static byte[] associatedData(String keyId, String place) {
        return (PREFIX + "|" + keyId + "|" + place).getBytes(StandardCharsets.UTF_8);
    }

    private static void requirePlace(String place) {
        if (place == null || place.isBlank()) {
            throw new IllegalArgumentException("a value is bound to its place: table:column:rowId");
        }
    }

    private static SecretKey key(String id, String base64) {
        byte[] bytes = Base64.getDecoder().decode(base64);
        if (bytes.length != 32) {
            throw new IllegalStateException("key " + id + " must be 32 bytes (AES-256), base64");
        }
        return new SecretKeySpec(bytes, "AES");
    }
}
