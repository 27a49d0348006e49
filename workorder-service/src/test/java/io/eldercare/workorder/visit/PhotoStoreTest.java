package io.eldercare.workorder.visit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.eldercare.platform.domain.Refusal;
import io.eldercare.testsupport.StubHttpServer;
import java.io.ByteArrayOutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.CRC32;
import java.util.zip.DeflaterOutputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Door photos kept under their SHA-256, in a local folder and in a real S3-compatible store: S3Proxy (an S3 server over
 * files, its own process, copied by the build) on a free port.
 */
class PhotoStoreTest {

    private static final String IDENTITY = "photo-store-test";
    private static final String CREDENTIAL = "photo-store-test-secret";
    private static Process s3proxy;
    private static String endpoint;
    private static Path s3Files;

    @BeforeAll
    static void startAnS3CompatibleStore() throws Exception {
        s3Files = Files.createTempDirectory("s3proxy-");
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        endpoint = "http://127.0.0.1:" + port;
        Path properties = s3Files.resolve("s3proxy.conf");
        Files.writeString(properties, String.join("\n", "s3proxy.endpoint=" + endpoint,
                "s3proxy.authorization=aws-v2-or-v4", "s3proxy.identity=" + IDENTITY,
                "s3proxy.credential=" + CREDENTIAL, "jclouds.provider=filesystem",
                "jclouds.filesystem.basedir=" + s3Files.resolve("data")));
        s3proxy = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                Path.of("target", "s3proxy", "s3proxy.jar").toAbsolutePath().toString(), "--properties",
                properties.toString())
                .redirectErrorStream(true).redirectOutput(s3Files.resolve("s3proxy.log").toFile()).start();
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (true) {
            try (Socket listening = new Socket("127.0.0.1", port)) {
                break;
            } catch (java.io.IOException notYet) {
                assertThat(s3proxy.isAlive()).as(Files.readString(s3Files.resolve("s3proxy.log"))).isTrue();
                assertThat(System.nanoTime()).as("S3Proxy listens within a minute").isLessThan(deadline);
                Thread.sleep(200);
            }
        }
        try (S3Client admin = client()) {
            admin.createBucket(b -> b.bucket("visit-photos"));
        }
    }

    @AfterAll
    static void stopIt() {
        if (s3proxy != null) {
            s3proxy.destroy();
        }
    }

    @Test
    void aPhotoIsKeptInAnS3CompatibleStoreUnderItsSha256OnceAndReadBackAsSent() throws Exception {
        try (BlobStore.S3 bucket = new BlobStore.S3(endpoint, "us-east-1", "visit-photos", IDENTITY, CREDENTIAL)) {
            PhotoStore photos = new PhotoStore(bucket);
            byte[] photo = png();

            String sha256 = photos.keep(photo);
            String again = photos.keep(photo);

            assertThat(again).isEqualTo(sha256).isEqualTo(PhotoStore.sha256(photo));
            assertThat(photos.read(sha256)).isEqualTo(photo);
            assertThat(s3Files.resolve("data").resolve("visit-photos").resolve(PhotoStore.keyOf(sha256)))
                    .as("the object on the store's disk").hasBinaryContent(photo);
        }
    }

    @Test
    void somethingThatIsNotAnImageIsRefusedAndNothingIsKept(@TempDir Path folder) {
        PhotoStore photos = new PhotoStore(new BlobStore.LocalFolder(folder));

        assertThatThrownBy(() -> photos.keep("not an image".getBytes()))
                .isInstanceOfSatisfying(Refusal.class, e -> assertThat(e.problem())
                        .isEqualTo("photo-not-an-image"));
        assertThat(folder).isEmptyDirectory();
    }

    /**
     * N-M1: a few hundred bytes declaring a 20,000 × 30,000 raster (600 million pixels, a 600 MB decode) are refused
     * from the header, before anything is decoded, and nothing is kept.
     */
    @Test
    void aPhotoDeclaringMoreThanTwentyFiveMillionPixelsIsRefusedBeforeItIsDecoded(@TempDir Path folder)
            throws Exception {
        PhotoStore photos = new PhotoStore(new BlobStore.LocalFolder(folder));
        byte[] bomb = greyPng(20_000, 30_000);
        assertThat(PhotoStore.pixels(bomb)).isEqualTo(600_000_000L);

        assertThatThrownBy(() -> photos.keep(bomb)).isInstanceOfSatisfying(Refusal.class, e -> {
            assertThat(e.problem()).isEqualTo("photo-too-large");
            assertThat(e.kind()).isEqualTo(Refusal.Kind.MALFORMED);
        });
        assertThat(folder).isEmptyDirectory();
    }

    @Test
    void aPhotoOfTwentyFiveMillionPixelsIsMeasuredNotRefusedForItsSize() throws Exception {
        assertThat(PhotoStore.pixels(greyPng(5_000, 5_000))).isEqualTo(PhotoStore.MAX_PIXELS);
        assertThat(PhotoStore.pixels("not an image".getBytes())).isZero();
    }

    /**
     * N-L2: a store that takes the request and never answers fails the photo within the client's call timeout (3 s),
     * as unavailable (503), instead of holding the caregiver's request thread.
     */
    @Test
    void aPhotoStoreThatNeverAnswersIsUnavailableWithinItsCallTimeout() throws Exception {
        byte[] photo = png();
        try (StubHttpServer stuck = StubHttpServer.start().hang("/");
                BlobStore.S3 store = new BlobStore.S3(stuck.url(), "us-east-1", "visit-photos", IDENTITY,
                        CREDENTIAL)) {
            PhotoStore photos = new PhotoStore(store);
            assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertThatThrownBy(() -> photos.keep(photo))
                    .isInstanceOfSatisfying(Refusal.class, e -> {
                        assertThat(e.kind()).isEqualTo(Refusal.Kind.UNAVAILABLE);
                        assertThat(e.problem()).isEqualTo("photo-store-unavailable");
                    }));
        }
    }

    @Test
    void aPhotoIsKeptInALocalFolderUnderItsSha256(@TempDir Path folder) throws Exception {
        PhotoStore photos = new PhotoStore(new BlobStore.LocalFolder(folder));
        byte[] photo = png();

        String sha256 = photos.keep(photo);

        assertThat(folder.resolve(PhotoStore.keyOf(sha256))).hasBinaryContent(photo);
        assertThat(photos.read(sha256)).isEqualTo(photo);
    }

    private static S3Client client() {
        return S3Client.builder().httpClient(UrlConnectionHttpClient.create()).region(Region.US_EAST_1)
                .endpointOverride(URI.create(endpoint)).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(IDENTITY,
                        CREDENTIAL))).build();
    }

    /**
     * An 8-bit grey PNG declaring {@code width} × {@code height} whose pixel data holds only its first rows: what the
     * header says is what a reader sees before decoding.
     */
    private static byte[] greyPng(int width, int height) throws Exception {
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        png.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        ByteBuffer header = ByteBuffer.allocate(13).putInt(width).putInt(height)
                .put((byte) 8).put((byte) 0).put((byte) 0).put((byte) 0).put((byte) 0);
        chunk(png, "IHDR", header.array());
        ByteArrayOutputStream rows = new ByteArrayOutputStream();
        try (DeflaterOutputStream deflated = new DeflaterOutputStream(rows)) {
            deflated.write(new byte[width + 1]); // one row of zeros, filter byte first
        }
        chunk(png, "IDAT", rows.toByteArray());
        chunk(png, "IEND", new byte[0]);
        return png.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream png, String type, byte[] data) throws Exception {
        byte[] name = type.getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(name);
        crc.update(data);
        png.write(ByteBuffer.allocate(4).putInt(data.length).array());
        png.write(name);
        png.write(data);
        png.write(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    private static byte[] png() throws Exception {
        java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(16, 16,
                java.awt.image.BufferedImage.TYPE_INT_RGB);
        image.setRGB(5, 5, ThreadLocalRandom.current().nextInt(0x1000000));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }
}
