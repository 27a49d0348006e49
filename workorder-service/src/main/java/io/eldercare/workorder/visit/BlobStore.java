package io.eldercare.workorder.visit;

import io.eldercare.platform.domain.Refusal;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
/**
 * Where the door photos and witnessed signatures are kept, each under a key made of its SHA-256 (content-addressed: the
 * same image twice is stored once, and nothing is ever overwritten with something else): a local folder, or any
 * S3-compatible store (AWS S3, MinIO, Ceph, Alibaba OSS in S3 mode…).
 */
public interface BlobStore {

    /** Keeps the bytes under the key unless something is kept there already. */
    void keep(String key, byte[] bytes, String contentType);

    /** The bytes kept under the key. */
    byte[] read(String key);

    /** A folder on a volume the instances share. */
    record LocalFolder(Path directory) implements BlobStore {

        @Override
        public void keep(String key, byte[] bytes, String contentType) {
            Path target = directory.resolve(key);
            try {
                if (!Files.exists(target)) {
                    Files.createDirectories(target.getParent());
                    Path partial = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".part");
                    Files.write(partial, bytes);
                    Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("could not keep " + key, e);
            }
        }

        @Override
        public byte[] read(String key) {
            try {
                return Files.readAllBytes(directory.resolve(key));
            } catch (IOException e) {
                throw new UncheckedIOException("could not read " + key, e);
            }
        }
    }

    /** A bucket of an S3-compatible store (path-style addressing, as self-hosted stores need). */
    final class S3 implements BlobStore, AutoCloseable {

        /** At most this long to connect, to wait for bytes, and for a whole call with its retries. */
        static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);
        static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(2);
        static final Duration CALL_TIMEOUT = Duration.ofSeconds(3);

        private final S3Client client;
        private final String bucket;

        public S3(String endpoint, String region, String bucket, String accessKey, String secretKey) {
            this.bucket = bucket;
            var builder = S3Client.builder()
                    // a store that does not answer fails the check-in in seconds, inside the request's deadline,
                    // instead of holding a request thread for the SDK's defaults (none for a whole call)
                    .httpClient(UrlConnectionHttpClient.builder().connectionTimeout(CONNECT_TIMEOUT)
                            .socketTimeout(SOCKET_TIMEOUT).build())
                    .overrideConfiguration(call -> call.apiCallTimeout(CALL_TIMEOUT))
                    .region(Region.of(region))
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey,
                            secretKey)))
                    .forcePathStyle(true)
                    // checksums only where S3 requires them, and unchunked bodies: what S3-compatible stores accept
                    // (the SDK's newer defaults — trailing CRC checksums — are refused by several of them)
                    .requestChecksumCalculation(RequestChecksumCalculation
                            .WHEN_REQUIRED)
                    .responseChecksumValidation(ResponseChecksumValidation
                            .WHEN_REQUIRED)
                    .serviceConfiguration(S3Configuration.builder()
                            .chunkedEncodingEnabled(false).build());
            if (endpoint != null && !endpoint.isBlank()) {
                builder.endpointOverride(URI.create(endpoint));
            }
            this.client = builder.build();
        }

        @Override
        public void keep(String key, byte[] bytes, String contentType) {
            try {
                try {
                    client.headObject(HeadObjectRequest.builder().bucket(bucket).key(key).build());
                    return; // content-addressed: what is there is these bytes
                } catch (NoSuchKeyException absent) {
                    // not kept yet
                } catch (S3Exception e) {
                    if (e.statusCode() != 404) {
                        throw e;
                    }
                }
                client.putObject(PutObjectRequest.builder().bucket(bucket).key(key).contentType(contentType)
                        .build(), RequestBody.fromBytes(bytes));
            } catch (SdkException unavailable) {
                throw storeUnavailable(unavailable);
            }
        }

        @Override
        public byte[] read(String key) {
            try {
                return client.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray();
            } catch (SdkException unavailable) {
                throw storeUnavailable(unavailable);
            }
        }

        private static Refusal storeUnavailable(SdkException e) {
            LoggerFactory.getLogger(S3.class).warn("the photo store did not answer: {}", e.getClass().getSimpleName());
            return Refusal.unavailable("photo-store-unavailable", "The photo store did not answer",
                    "The photo could not be kept, so nothing was recorded; try again in a minute.");
        }

        @Override
        public void close() {
            client.close();
        }
    }
}
