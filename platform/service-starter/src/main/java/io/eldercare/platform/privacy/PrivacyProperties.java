package io.eldercare.platform.privacy;

import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Keys for personal data at rest ({@code eldercare.privacy.*}), from configuration or a KMS-backed secret store.
 *
 * @param keys AES-256 keys by key id, base64; old keys stay listed while values encrypted with them remain
 * @param currentKey the key id new values are encrypted with
 * @param indexKey the HMAC key of the blind indexes, base64 (not rotated: changing it means re-indexing)
 */
@ConfigurationProperties("eldercare.privacy")
public record PrivacyProperties(Map<String, String> keys, String currentKey, String indexKey) {
}
