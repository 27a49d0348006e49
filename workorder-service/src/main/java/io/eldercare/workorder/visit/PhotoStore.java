package io.eldercare.workorder.visit;

import io.eldercare.platform.domain.Refusal;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
/**
 * Photos taken at the door (and witnessed signatures), kept under their SHA-256 (the visit records the hash, so the
 * same photo on another visit is found) in a {@link BlobStore}: a local folder by default
 * ({@code eldercare.visits.photo-dir}), or an S3-compatible store ({@code eldercare.visits.photo-store=s3} and
 * {@code eldercare.visits.s3.*}). Only JPEG and PNG images that decode are taken, of at most {@link #MAX_PIXELS}
 * pixels (read from the header, before decoding).
 */
@Component
public class PhotoStore {

    /** The largest photo taken (a phone's photo compressed for upload). */
    static final int MAX_BYTES = 900 * 1024;
    /**
     * The most pixels a photo may have (25 million: a phone camera's 12-megapixel photo and then some). Checked from
     * the image's header before it is decoded: a small file can declare a huge raster (a decompression bomb).
     */
    static final long MAX_PIXELS = 25_000_000L;

    private final BlobStore blobs;

    @Autowired
    PhotoStore(@Value("${eldercare.visits.photo-store:local}") String kind,
            @Value("${eldercare.visits.photo-dir:${java.io.tmpdir}/eldercare-visit-photos}") Path directory,
            @Value("${eldercare.visits.s3.endpoint:}") String endpoint,
            @Value("${eldercare.visits.s3.region:us-east-1}") String region,
            @Value("${eldercare.visits.s3.bucket:eldercare-visit-photos}") String bucket,
            @Value("${eldercare.visits.s3.access-key:}") String accessKey,
            @Value("${eldercare.visits.s3.secret-key:}") String secretKey) {
        this(switch (kind) {
            case "local" -> new BlobStore.LocalFolder(directory);
            case "s3" -> new BlobStore.S3(endpoint, region, bucket, accessKey, secretKey);
            default -> throw new IllegalStateException("eldercare.visits.photo-store is local or s3, not " + kind);
        });
    }

    public PhotoStore(BlobStore blobs) {
        this.blobs = blobs;
    }

    /** Keeps the photo and returns its SHA-256 (hex); 400 for anything that is not a JPEG or PNG image. */
    public String keep(byte[] photo) {
        if (photo != null && photo.length > 0 && photo.length <= MAX_BYTES && pixels(photo) > MAX_PIXELS) {
            throw Refusal.malformed("photo-too-large", "The photo has too many pixels",
                    "A photo is at most " + MAX_PIXELS / 1_000_000 + " million pixels; send it at the size the"
                            + " phone uploads, not the camera's original.");
        }
        if (photo == null || photo.length == 0 || photo.length > MAX_BYTES || !isImage(photo)) {
            throw Refusal.malformed("photo-not-an-image",
                    "The photo is not an image",
                    "Send the photo (or the signature) as a JPEG or PNG image of at most " + MAX_BYTES / 1024 + " KiB.");
        }
        String sha256 = sha256(photo);
        blobs.keep(keyOf(sha256), photo, (photo[0] & 0xFF) == 0xFF ? "image/jpeg" : "image/png");
        return sha256;
    }

    /** A kept photo's bytes, by its SHA-256 (for the bureau looking into an exception). */
    public byte[] read(String sha256) {
        return blobs.read(keyOf(sha256));
    }

    /** Where a photo is kept: its SHA-256, under a folder of its first two hex digits. */
    static String keyOf(String sha256) {
        return sha256.substring(0, 2) + "/" + sha256 + ".img";
    }

    /**
     * The pixels the image declares in its header, read without decoding it; 0 when it is no image a reader knows (it
     * is refused as not an image then).
     */
    static long pixels(byte[] bytes) {
        try (ImageInputStream input = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(input);
            if (!readers.hasNext()) {
                return 0;
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(input, true, true);
                return (long) reader.getWidth(0) * reader.getHeight(0);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException unreadable) {
            return 0;
        }
    }

    private static boolean isImage(byte[] bytes) {
        boolean jpeg = bytes.length > 3 && (bytes[0] & 0xFF) == 0xFF && (bytes[1] & 0xFF) == 0xD8;
        boolean png = bytes.length > 8 && (bytes[0] & 0xFF) == 0x89 && bytes[1] == 'P' && bytes[2] == 'N'
                && bytes[3] == 'G';
        if (!jpeg && !png) {
            return false;
        }
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
            return image != null && image.getWidth() > 0;
        } catch (IOException | RuntimeException corrupt) {
            return false;
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
