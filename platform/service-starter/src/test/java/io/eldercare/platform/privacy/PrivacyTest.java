package io.eldercare.platform.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Personal data at rest: encrypted with a named key, found by a blind index, shown masked. */
class PrivacyTest {

    private static final String KEY_2025 = "32YnMiE7IZosz3vh0lzYZ/oeqaMRV5njlCwXykKzaDk=";
    private static final String KEY_2026 = "mq/JtOcmUMVVK4juuZLpXogQ5V9sihq6AcgJfL9E+cw=";
    private static final String INDEX = "C9/QGrUNVHUq4ISh7anI9Bq3j9D2N2VJPsH0bbU/cZI=";
    private static final String ID = "420116194403151237";

    private final FieldCipher cipher2025 = new FieldCipher(new PrivacyProperties(Map.of("k2025", KEY_2025),
            "k2025", INDEX));

    @Test
    void anEncryptedIdNumberContainsNoTraceOfItAndReadsBack() {
        String stored = cipher2025.encrypt(ID);

        assertThat(stored).doesNotContain(ID).doesNotContain("1944").startsWith("v1.k2025.");
        assertThat(cipher2025.decrypt(stored)).isEqualTo(ID);
        assertThat(cipher2025.encrypt(ID)).as("a fresh nonce each time").isNotEqualTo(stored);
    }

    @Test
    void anAlteredValueIsRefused() {
        String stored = cipher2025.encrypt(ID);
        char last = stored.charAt(stored.length() - 2);
        String altered = stored.substring(0, stored.length() - 2) + (last == 'A' ? 'B' : 'A')
                + stored.charAt(stored.length() - 1);

        assertThatThrownBy(() -> cipher2025.decrypt(altered)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aRotatedKeyEncryptsNewValuesWhileOldOnesStayReadable() {
        String old = cipher2025.encrypt(ID);
        FieldCipher rotated = new FieldCipher(new PrivacyProperties(Map.of("k2025", KEY_2025, "k2026", KEY_2026),
                "k2026", INDEX));

        assertThat(rotated.decrypt(old)).isEqualTo(ID);
        assertThat(rotated.needsReencryption(old)).isTrue();
        String renewed = rotated.encrypt(rotated.decrypt(old));
        assertThat(renewed).startsWith("v1.k2026.");
        assertThat(rotated.needsReencryption(renewed)).isFalse();
    }

    @Test
    void aValueWhoseKeyWasRemovedCannotBeRead() {
        FieldCipher onlyNew = new FieldCipher(new PrivacyProperties(Map.of("k2026", KEY_2026), "k2026", INDEX));

        assertThatThrownBy(() -> onlyNew.decrypt(cipher2025.encrypt(ID))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void theBlindIndexFindsTheSameNumberWhateverItsCaseAndSpacing() {
        BlindIndex index = new BlindIndex(new PrivacyProperties(Map.of(), null, INDEX));

        assertThat(index.ofIdNumber(" 11010519491231002x ")).isEqualTo(index.ofIdNumber("11010519491231002X"))
                .doesNotContain("110105").hasSize(64);
        assertThat(index.ofIdNumber(ID)).isNotEqualTo(index.ofIdNumber("420116193801014567"));
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
