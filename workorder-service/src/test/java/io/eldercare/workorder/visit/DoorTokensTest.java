package io.eldercare.workorder.visit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The door code a visit is checked in with, without a database. */
class DoorTokensTest {

    private static final DoorTokens DOORS = new DoorTokens("a door-code key of thirty-two bytes!".getBytes(
            StandardCharsets.US_ASCII));

    @Test
    void aDoorCodeNamesItsElderAndIssue() {
        UUID elder = UUID.randomUUID();
        String code = DOORS.issue(elder, 3);

        assertThat(DOORS.read(code)).contains(new DoorTokens.Door(elder, 3));
    }

    @Test
    void aDoorCodeDoesNotShowItsEldersId() {
        UUID elder = UUID.randomUUID();

        assertThat(DOORS.issue(elder, 3)).doesNotContain(elder.toString());
    }

    @Test
    void aCodeSplicedWithAnotherDoorsSignatureIsNotADoorCode() {
        String code = DOORS.issue(UUID.randomUUID(), 3);
        String otherElder = DOORS.issue(UUID.randomUUID(), 3);
        String spliced = code.substring(0, code.indexOf('.', 4)) + otherElder.substring(otherElder.indexOf('.', 4));

        assertThat(DOORS.read(spliced)).as("another door's signature").isEmpty();
    }

    @Test
    void anAlteredDoorCodeIsNotADoorCode() {
        String code = DOORS.issue(UUID.randomUUID(), 3);
        byte[] body = Base64.getUrlDecoder().decode(code.substring(4, code.indexOf('.', 4)));
        body[19]++; // issue 4, same signature

        assertThat(DOORS.read("EC1." + Base64.getUrlEncoder().withoutPadding().encodeToString(body)
                + code.substring(code.indexOf('.', 4)))).as("an altered issue").isEmpty();
    }

    @Test
    void aCodeSignedWithAnotherKeyIsNotADoorCode() {
        String othersCode = new DoorTokens("another key, thirty-two bytes long".getBytes(StandardCharsets.US_ASCII))
                .issue(UUID.randomUUID(), 3);

        assertThat(DOORS.read(othersCode)).as("another key's code").isEmpty();
    }

    @Test
    void aMadeUpOrMissingCodeIsNotADoorCode() {
        assertThat(DOORS.read("EC1.garbage.!!")).isEmpty();
        assertThat(DOORS.read(null)).isEmpty();
    }

    @Test
    void theDoorsQrCodeIsAPngThatScansBackToTheSameCode() throws Exception {
        String code = DOORS.issue(UUID.randomUUID(), 1);
        byte[] png = DoorCodeImage.png(code, 300);

        assertThat(png).startsWith(0x89, 'P', 'N', 'G');
        assertThat(DoorCodeTest.scan(png)).isEqualTo(code);
    }
}
