package io.eldercare.platform.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** Personal data at rest: encrypted with a named key, found by a blind index, shown masked. */
class PrivacyTest {

    private static final String KEY_2025 = "32YnMiE7IZosz3vh0lzYZ/oeqaMRV5njlCwXykKzaDk=";
    private static final String KEY_2026 = "mq/JtOcmUMVVK4juuZLpXogQ5V9sihq6AcgJfL9E+cw=";
    private static final String INDEX = "C9/QGrUNVHUq4ISh7anI9Bq3j9D2N2VJPsH0bbU/cZI=";
    private static final String ID = "420116194403151237";
    private static final String ROW = "0b8c3f5e-2f1a-4f7e-9d55-6a1f0c2b7e01";
    private static final String PLACE = FieldCipher.place("elder", "id_number_enc", ROW);

    private final FieldCipher cipher2025 = new FieldCipher(new PrivacyProperties(Map.of("k2025", KEY_2025),
            "k2025", INDEX));

    @Test
    void anEncryptedIdNumberContainsNoTraceOfItAndReadsBack() {
        String stored = cipher2025.encrypt(ID, PLACE);

        assertThat(stored).doesNotContain(ID).doesNotContain("1944").doesNotContain(ROW).startsWith("v2.k2025.");
        assertThat(cipher2025.decrypt(stored, PLACE)).isEqualTo(ID);
        assertThat(cipher2025.encrypt(ID, PLACE)).as("a fresh nonce each time").isNotEqualTo(stored);
    }

    @Test
    void anAlteredValueIsRefused() {
        String stored = cipher2025.encrypt(ID, PLACE);
        char last = stored.charAt(stored.length() - 2);
        String altered = stored.substring(0, stored.length() - 2) + (last == 'A' ? 'B' : 'A')
                + stored.charAt(stored.length() - 1);

        assertThatThrownBy(() -> cipher2025.decrypt(altered, PLACE)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aValueCopiedToAnotherRowOrColumnOrTableFailsToDecrypt() {
        String stored = cipher2025.encrypt(ID, PLACE);

        assertThatThrownBy(() -> cipher2025.decrypt(stored, FieldCipher.place("elder", "id_number_enc",
                "5d1e7a40-8c1b-4b9e-a0f2-3c4d5e6f7a8b"))).as("another row").isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> cipher2025.decrypt(stored, FieldCipher.place("elder", "phone_enc", ROW)))
                .as("another column").isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> cipher2025.decrypt(stored, FieldCipher.place("guardian", "id_number_enc", ROW)))
                .as("another table").isInstanceOf(IllegalStateException.class);
        assertThat(cipher2025.decrypt(stored, PLACE)).isEqualTo(ID);
    }

    @Test
    void aFirstFormatValueWithoutPlaceIsStillReadAndRenewedBoundToItsPlace() {
        String legacy = legacyV1("k2025", KEY_2025, ID);

        assertThat(cipher2025.decrypt(legacy, PLACE)).isEqualTo(ID);
        assertThat(cipher2025.needsReencryption(legacy)).as("same key, but bound to no place").isTrue();
        String renewed = cipher2025.renew(legacy, PLACE);
        assertThat(renewed).startsWith("v2.k2025.");
        assertThat(cipher2025.needsReencryption(renewed)).isFalse();
        assertThat(cipher2025.renew(renewed, PLACE)).as("current values are left alone").isSameAs(renewed);
        assertThat(cipher2025.decrypt(renewed, PLACE)).isEqualTo(ID);
        assertThatThrownBy(() -> cipher2025.decrypt(renewed, FieldCipher.place("elder", "name_enc", ROW)))
                .isInstanceOf(IllegalStateException.class);
    }

    /** A value as the platform stored it before values were bound to their place: the key id alone as AAD. */
    static String legacyV1(String keyId, String key, String plaintext) {
        try {
            byte[] nonce = new byte[12];
            new SecureRandom().nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(Base64.getDecoder().decode(key), "AES"),
                    new GCMParameterSpec(128, nonce));
            cipher.updateAAD(keyId.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            return "v1." + keyId + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(
                    ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array());
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aRotatedKeyEncryptsNewValuesWhileOldOnesStayReadable() {
        String old = cipher2025.encrypt(ID, PLACE);
        FieldCipher rotated = new FieldCipher(new PrivacyProperties(Map.of("k2025", KEY_2025, "k2026", KEY_2026),
                "k2026", INDEX));

        assertThat(rotated.decrypt(old, PLACE)).isEqualTo(ID);
        assertThat(rotated.needsReencryption(old)).isTrue();
        String renewed = rotated.renew(old, PLACE);
        assertThat(renewed).startsWith("v2.k2026.");
        assertThat(rotated.decrypt(renewed, PLACE)).isEqualTo(ID);
        assertThat(rotated.needsReencryption(renewed)).isFalse();
    }

    @Test
    void aValueWhoseKeyWasRemovedCannotBeRead() {
        FieldCipher onlyNew = new FieldCipher(new PrivacyProperties(Map.of("k2026", KEY_2026), "k2026", INDEX));

        assertThatThrownBy(() -> onlyNew.decrypt(cipher2025.encrypt(ID, PLACE), PLACE))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void theBlindIndexFindsTheSameNumberWhateverItsCaseAndSpacing() {
        BlindIndex index = new BlindIndex(new PrivacyProperties(Map.of(), null, INDEX));

        assertThat(index.ofIdNumber(" 11010519491231002x ")).isEqualTo(index.ofIdNumber("11010519491231002X"))
                .doesNotContain("110105").hasSize(64);
        assertThat(index.ofIdNumber(ID)).isNotEqualTo(index.ofIdNumber("420116193801014567"));
        assertThat(index.ofProbedIdNumber(ID)).as("a refused probe's hash joins no file")
                .isNotEqualTo(index.ofIdNumber(ID)).isEqualTo(index.ofProbedIdNumber(" " + ID + " "));
    }

    @Test
    void maskingShowsOnlyWhatARoleNeeds() {
        assertThat(Masking.idNumber(ID)).isEqualTo("4201**********1237");
        assertThat(Masking.phone("13812345678")).isEqualTo("138****5678");
        assertThat(Masking.name("张三丰")).isEqualTo("张**");
        assertThat(Masking.address("黄陂区前川街道百秀街88号3栋")).isEqualTo("黄陂区前川街******");
    }

    @Test
    void idNumbersAreCheckedByTheirCheckCharacterAndBirthDate() {
        assertThat(IdNumbers.isValid(ID)).isTrue();
        assertThat(IdNumbers.isValid("11010519491231002x")).isTrue();
        assertThat(IdNumbers.isValid("420116194403151238")).as("wrong check character").isFalse();
        assertThat(IdNumbers.isValid("420116194402301234")).as("no 30 February").isFalse();
        assertThat(IdNumbers.isValid("4201161944")).isFalse();
        assertThat(IdNumbers.birthDate(ID)).hasYear(1944).hasMonthValue(3).hasDayOfMonth(15);
    }
}
