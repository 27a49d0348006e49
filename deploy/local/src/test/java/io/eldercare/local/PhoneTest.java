package io.eldercare.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** The phone stand-in reads every door code printed as the platform prints them (400 px, level Q, quiet zone 4). */
class PhoneTest {

    @Test
    void everyPrintedDoorCodeIsReadBack() throws Exception {
        // found by the lunch-peak benchmark: one code in forty was not found by the finder pattern search alone
        for (int i = 0; i < 300; i++) {
            byte[] random = new byte[40];
            ThreadLocalRandom.current().nextBytes(random);
            String code = "EC1." + Base64.getUrlEncoder().withoutPadding().encodeToString(random);

            assertThat(Phone.scan(png(code))).isEqualTo(code);
        }
    }

    @Test
    void aPhotoIsANewImageEachTime() {
        assertThat(Phone.photo()).isNotEqualTo(Phone.photo());
    }

    private static byte[] png(String text) throws Exception {
        BitMatrix matrix = new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, 400, 400,
                Map.of(EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.Q, EncodeHintType.MARGIN, 4));
        BufferedImage image = new BufferedImage(matrix.getWidth(), matrix.getHeight(), BufferedImage.TYPE_BYTE_BINARY);
        for (int y = 0; y < matrix.getHeight(); y++) {
            for (int x = 0; x < matrix.getWidth(); x++) {
                image.setRGB(x, y, matrix.get(x, y) ? 0xFF000000 : 0xFFFFFFFF);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }
}
