package io.eldercare.platform.privacy;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Exact lookup of an encrypted field without decrypting: a keyed HMAC-SHA256 of the normalised value. */
public class BlindIndex {

    private final SecretKeySpec key;

    public BlindIndex(PrivacyProperties properties) {
        if (properties.indexKey() == null) {
            throw new IllegalStateException("eldercare.privacy.index-key is required");
        }
        this.key = new SecretKeySpec(Base64.getDecoder().decode(properties.indexKey()), "HmacSHA256");
    }

    /** The index of an ID-card number: trimmed, upper case (the check character may be x or X). */
    public String ofIdNumber(String idNumber) {
        return hmac("id:" + idNumber.trim().toUpperCase(Locale.ROOT));
    }

    /**
     * A keyed hash of an ID number someone looked for and was refused: repeated probes of one number can be told
     * apart from a sweep of many, but the hash is not the blind index, so it joins no elder's file.
     */
    public String ofProbedIdNumber(String idNumber) {
        return hmac("probe:" + idNumber.trim().toUpperCase(Locale.ROOT));
    }

    private String hmac(String value) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return HexFormat.of().formatHex(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
