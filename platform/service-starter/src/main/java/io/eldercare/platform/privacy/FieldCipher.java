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
 * Authenticated encryption of personal fields (AES-256-GCM, a random 96-bit nonce per value, the key id as
 * associated data). A stored value names its key, {@code v1.<keyId>.<base64url(nonce|ciphertext|tag)>}, so keys
 * rotate without downtime: new values use the current key, old ones stay readable until re-encrypted.
 */
public class FieldCipher {

    private static final String PREFIX = "v1";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final Map<String, SecretKey> keys;
    private final String currentKey;
    private final SecureRandom random = new SecureRandom();

    public FieldCipher(PrivacyProperties properties) {
        if (properties.keys() == null || properties.keys().isEmpty() || properties.currentKey() == null) {
            throw new IllegalStateException("eldercare.privacy.keys and eldercare.privacy.current-key are required");
        }
        this.keys = properties.keys().entrySet().stream().collect(Collectors.toUnmodifiableMap(Map.Entry::getKey,
                e -> key(e.getKey(), e.getValue())));
        if (!keys.containsKey(properties.currentKey())) {
            throw new IllegalStateException("current key " + properties.currentKey() + " is not among the keys");
        }
        this.currentKey = properties.currentKey();
    }

    /** Encrypts with the current key; null stays null. */
    public String encrypt(String plaintext) {
        if (plaintext == null) {
            return null;
        }
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            random.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, keys.get(currentKey), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(currentKey.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            byte[] out = ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array();
            return PREFIX + "." + currentKey + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("encryption failed", e);
        }
    }

    /** Decrypts with the key the value names; a tampered value fails. */
    public String decrypt(String stored) {
        if (stored == null) {
            return null;
        }
        String[] parts = stored.split("\\.", 3);
        if (parts.length != 3 || !PREFIX.equals(parts[0]) || !keys.containsKey(parts[1])) {
            throw new IllegalStateException("not a value this platform encrypted, or its key is gone");
        }
        try {
            byte[] in = Base64.getUrlDecoder().decode(parts[2]);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, keys.get(parts[1]), new GCMParameterSpec(TAG_BITS, in, 0,
                    NONCE_BYTES));
            cipher.updateAAD(parts[1].getBytes(StandardCharsets.UTF_8));
            return new String(cipher.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("decryption failed: the value was altered or the key is wrong", e);
        }
    }

    /** True when the value was encrypted with a key other than the current one. */
    public boolean needsReencryption(String stored) {
        return stored != null && !stored.startsWith(PREFIX + "." + currentKey + ".");
    }

    public String currentKey() {
        return currentKey;
    }

    private static SecretKey key(String id, String base64) {
        byte[] bytes = Base64.getDecoder().decode(base64);
        if (bytes.length != 32) {
            throw new IllegalStateException("key " + id + " must be 32 bytes (AES-256), base64");
        }
        return new SecretKeySpec(bytes, "AES");
    }
}
