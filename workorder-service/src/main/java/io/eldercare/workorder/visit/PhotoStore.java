package io.eldercare.workorder.visit;

import io.eldercare.platform.web.DomainException;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.imageio.ImageIO;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Photos taken at the door, kept under their SHA-256 (the visit records the hash, so the same photo on another visit
 * is found). A local folder by default ({@code eldercare.visits.photo-dir}); an S3-compatible store is the production
 * choice (ADR 0004). Only JPEG and PNG images that decode are taken.
 */
@Component
public class PhotoStore {

    /** The largest photo taken (a phone's photo compressed for upload). */
    static final int MAX_BYTES = 900 * 1024;

    private final Path directory;

    PhotoStore(@Value("${eldercare.visits.photo-dir:${java.io.tmpdir}/eldercare-visit-photos}") Path directory) {
        this.directory = directory;
    }

    /** Keeps the photo and returns its SHA-256 (hex); 400 for anything that is not a JPEG or PNG image. */
    public String keep(byte[] photo) {
        if (photo == null || photo.length == 0 || photo.length > MAX_BYTES || !isImage(photo)) {
            throw new DomainException(org.springframework.http.HttpStatus.BAD_REQUEST, "photo-not-an-image",
                    "The photo is not an image",
                    "Send the photo (or the signature) as a JPEG or PNG image of at most " + MAX_BYTES / 1024 + " KiB.");
        }
        String sha256 = sha256(photo);
        Path target = directory.resolve(sha256.substring(0, 2)).resolve(sha256 + ".img");
        try {
            if (!Files.exists(target)) {
                Files.createDirectories(target.getParent());
                Path partial = Files.createTempFile(target.getParent(), sha256, ".part");
                Files.write(partial, photo);
                Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not keep the photo " + sha256, e);
        }
        return sha256;
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
