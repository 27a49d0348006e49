package io.eldercare.workorder.visit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eldercare.platform.domain.Refusal;
import java.io.ByteArrayOutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
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

    private static byte[] png() throws Exception {
        java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(16, 16,
                java.awt.image.BufferedImage.TYPE_INT_RGB);
        image.setRGB(5, 5, ThreadLocalRandom.current().nextInt(0x1000000));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }
}
