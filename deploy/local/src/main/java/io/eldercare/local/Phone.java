package io.eldercare.local;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.ChecksumException;
import com.google.zxing.DecodeHintType;
import com.google.zxing.FormatException;
import com.google.zxing.NotFoundException;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * What the caregiver's phone does at the door, for the walk-through and the system test: reads the QR code printed
 * for the elder's door, and takes a photo (a new image each time, as a camera would). {@code phone.sh scan FILE.png}
 * prints the code; {@code phone.sh photo FILE.png} writes a photo.
 */
public final class Phone {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Phone() {
    }

    /** The text of the QR code in a PNG or JPEG image. */
    public static String scan(byte[] image) {
        try {
            BufferedImage picture = ImageIO.read(new ByteArrayInputStream(image));
            if (picture == null) {
                throw new IllegalArgumentException("not an image");
            }
            int[] pixels = picture.getRGB(0, 0, picture.getWidth(), picture.getHeight(), null, 0, picture.getWidth());
            BinaryBitmap bitmap = new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(picture.getWidth(),
                    picture.getHeight(), pixels)));
            try {
                // a printed code straight on (the platform's PNG); the finder's guess misreads some of those
                return new QRCodeReader().decode(bitmap, Map.of(
                        DecodeHintType.PURE_BARCODE, Boolean.TRUE)).getText();
            } catch (NotFoundException | ChecksumException | FormatException notStraight) {
                // a photo of a code: look for it
                return new QRCodeReader().decode(bitmap, Map.of(
                        DecodeHintType.TRY_HARDER, Boolean.TRUE)).getText();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NotFoundException | ChecksumException | FormatException e) {
            throw new IllegalArgumentException("no QR code in the image", e);
        }
    }

    /** A photo as a phone uploads it: a small PNG, different every time. */
    public static byte[] photo() {
        BufferedImage image = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                image.setRGB(x, y, RANDOM.nextInt(0x1000000));
            }
        }
        try {
            ByteArrayOutputStream png = new ByteArrayOutputStream();
            ImageIO.write(image, "png", png);
            return png.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2 || !(args[0].equals("scan") || args[0].equals("photo"))) {
            System.err.println("usage: phone.sh scan DOOR-CODE.png | phone.sh photo OUT.png");
            System.exit(2);
        }
        if (args[0].equals("scan")) {
            System.out.println(scan(Files.readAllBytes(Path.of(args[1]))));
        } else {
            Files.write(Path.of(args[1]), photo());
        }
    }
}
