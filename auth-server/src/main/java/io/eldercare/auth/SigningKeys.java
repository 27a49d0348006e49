package io.eldercare.auth;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The issuer's RSA signing keys, kept in a PKCS12 keystore: one entry per key, its alias the key id ({@code kid}),
 * its self-signed certificate's {@code notBefore} the moment it was created. The newest key signs; the keys it
 * replaced stay published at {@code /oauth2/jwks} for the retention (the longest token lifetime), so that tokens
 * they signed still validate, and are then dropped from the keystore.
 *
 * <p>A key is added at start when the newest is older than the rotation period (or when there is none). A keystore
 * that cannot be written (a mounted secret) is never changed: its keys are rotated by adding an entry to the secret
 * ({@code keytool -genkeypair -keyalg RSA -keysize 2048 -storetype PKCS12 -alias <kid>}).
 */
public final class SigningKeys implements JWKSource<SecurityContext> {

    private static final Logger log = LoggerFactory.getLogger(SigningKeys.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A key and when it was created; {@code jwk} holds the private key only for the signing key. */
    record IssuerKey(RSAKey jwk, Instant created) {
    }

    private final List<IssuerKey> keys;
    private final Duration retention;
    private final Clock clock;

    private SigningKeys(List<IssuerKey> newestFirst, Duration retention, Clock clock) {
        this.keys = List.copyOf(newestFirst);
        this.retention = retention;
        this.clock = clock;
    }

    /** One key generated in memory: tokens do not survive a restart. For tests and throw-away runs only. */
    public static SigningKeys ephemeral(Clock clock) {
        try {
            Instant now = clock.instant();
            KeyPair pair = newKeyPair();
            return new SigningKeys(List.of(new IssuerKey(jwk(UUID.randomUUID().toString(), pair.getPublic(),
                    pair.getPrivate()), now)), Duration.ZERO, clock);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not generate a signing key", e);
        }
    }

    /**
     * The keys of the PKCS12 keystore at {@code path}: created with a first key if missing, a new key added if the
     * newest is older than {@code rotation}, keys replaced longer than {@code retention} ago removed (the last two
     * only when the keystore can be written).
     */
    public static SigningKeys open(Path path, char[] password, Duration rotation, Duration retention, Clock clock) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            boolean exists = Files.exists(path);
            if (exists) {
                try (InputStream in = Files.newInputStream(path)) {
                    store.load(in, password);
                }
            } else {
                store.load(null, password);
            }
            boolean writable = exists ? Files.isWritable(path) : true;
            List<IssuerKey> keys = read(store, password);
            Instant now = clock.instant();
            boolean changed = false;

            if (keys.isEmpty() || !keys.get(0).created().plus(rotation).isAfter(now)) {
                if (writable) {
                    KeyPair pair = newKeyPair();
                    String kid = UUID.randomUUID().toString();
                    X509Certificate certificate = selfSigned(pair, now);
                    store.setKeyEntry(kid, pair.getPrivate(), password, new Certificate[] {certificate});
                    IssuerKey fresh = new IssuerKey(jwk(kid, pair.getPublic(), pair.getPrivate()),
                            certificate.getNotBefore().toInstant());
                    if (keys.isEmpty()) {
                        log.info("signing key {} created in new keystore {}", kid, path.toAbsolutePath());
                    } else {
                        log.info("signing key {} added to {}: it signs from now on; {} (created {}) stays published"
                                        + " until {}", kid, path.toAbsolutePath(), keys.get(0).jwk().getKeyID(),
                                keys.get(0).created(), fresh.created().plus(retention));
                    }
                    keys.add(0, fresh);
                    changed = true;
                } else if (keys.isEmpty()) {
                    throw new IllegalStateException("the keystore " + path + " holds no RSA key and cannot be written");
                } else {
                    log.warn("the newest signing key {} in {} is older than {}, but the keystore cannot be written:"
                            + " add a new key to it", keys.get(0).jwk().getKeyID(), path, rotation);
                }
            }
            for (int i = keys.size() - 1; i >= 1; i--) {
                if (writable && !keys.get(i - 1).created().plus(retention).isAfter(now)) {
                    log.info("signing key {} retired: tokens it signed have expired", keys.get(i).jwk().getKeyID());
                    store.deleteEntry(keys.get(i).jwk().getKeyID());
                    keys.remove(i);
                    changed = true;
                }
            }
            if (changed) {
                save(store, password, path);
            }
            // only the signing key keeps its private part
            List<IssuerKey> held = new ArrayList<>();
            held.add(keys.get(0));
            keys.stream().skip(1).map(k -> new IssuerKey(k.jwk().toPublicJWK(), k.created())).forEach(held::add);
            return new SigningKeys(held, retention, clock);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read or write the keystore " + path, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not use the keystore " + path, e);
        }
    }

    /** The key that signs every token now: the newest. */
    public RSAKey signingKey() {
        return keys.get(0).jwk();
    }

    /** What {@code /oauth2/jwks} publishes: the signing key and the keys it replaced less than the retention ago. */
    public List<JWK> published() {
        Instant now = clock.instant();
        List<JWK> published = new ArrayList<>();
        published.add(keys.get(0).jwk());
        for (int i = 1; i < keys.size(); i++) {
            if (keys.get(i - 1).created().plus(retention).isAfter(now)) {
                published.add(keys.get(i).jwk());
            }
        }
        return published;
    }

    @Override
    public List<JWK> get(JWKSelector selector, SecurityContext context) {
        return selector.select(new JWKSet(published()));
    }

    private static List<IssuerKey> read(KeyStore store, char[] password) throws GeneralSecurityException {
        List<IssuerKey> keys = new ArrayList<>();
        for (String alias : Collections.list(store.aliases())) {
            if (!store.isKeyEntry(alias)) {
                continue;
            }
            if (!(store.getKey(alias, password) instanceof RSAPrivateKey privateKey)
                    || !(store.getCertificate(alias) instanceof X509Certificate certificate)
                    || !(certificate.getPublicKey() instanceof RSAPublicKey publicKey)) {
                log.warn("keystore entry {} is not an RSA key with a certificate; it is not used", alias);
                continue;
            }
            keys.add(new IssuerKey(jwk(alias, publicKey, privateKey), certificate.getNotBefore().toInstant()));
        }
        keys.sort(Comparator.comparing(IssuerKey::created).reversed());
        return keys;
    }

    private static RSAKey jwk(String kid, PublicKey publicKey, PrivateKey privateKey) {
        return new RSAKey.Builder((RSAPublicKey) publicKey).privateKey((RSAPrivateKey) privateKey).keyID(kid)
                .keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256).build();
    }

    private static KeyPair newKeyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048, RANDOM);
        return generator.generateKeyPair();
    }

    /** Written beside the old file, then moved over it: a crash never leaves half a keystore. */
    private static void save(KeyStore store, char[] password, Path path) throws IOException, GeneralSecurityException {
        Path directory = path.toAbsolutePath().getParent();
        Files.createDirectories(directory);
        Path temporary = Files.createTempFile(directory, ".issuer-keys", ".tmp");
        try {
            try {
                Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // the directory's own protection applies
            }
            try (OutputStream out = Files.newOutputStream(temporary)) {
                store.store(out, password);
            }
            Files.move(temporary, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    // A minimal self-signed X.509 certificate (the JDK has no public API to make one): PKCS12 keeps a private key
    // only with a certificate, and the certificate's notBefore records when the key was created.

    private static final byte[] SHA256_WITH_RSA = {0x2A, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xF7, 0x0D, 0x01,
            0x01, 0x0B};
    private static final byte[] COMMON_NAME = {0x55, 0x04, 0x03};

    static X509Certificate selfSigned(KeyPair pair, Instant created) throws GeneralSecurityException {
        Instant notBefore = created.truncatedTo(ChronoUnit.SECONDS);
        byte[] algorithm = der(0x30, der(0x06, SHA256_WITH_RSA), new byte[] {0x05, 0x00});
        byte[] name = der(0x30, der(0x31, der(0x30, der(0x06, COMMON_NAME),
                der(0x0C, "eldercare-issuer".getBytes(StandardCharsets.UTF_8)))));
        byte[] validity = der(0x30, time(notBefore), time(notBefore.plus(Duration.ofDays(36500))));
        byte[] serial = der(0x02, new BigInteger(63, RANDOM).add(BigInteger.ONE).toByteArray());
        byte[] tbs = der(0x30, serial, algorithm, name, validity, name, pair.getPublic().getEncoded());
        Signature signer = Signature.getInstance("SHA256withRSA");
        signer.initSign(pair.getPrivate());
        signer.update(tbs);
        byte[] signature = signer.sign();
        byte[] bits = new byte[signature.length + 1];
        System.arraycopy(signature, 0, bits, 1, signature.length);
        byte[] certificate = der(0x30, tbs, algorithm, der(0x03, bits));
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(certificate));
    }

    private static byte[] time(Instant instant) {
        boolean utcTime = instant.atZone(ZoneOffset.UTC).getYear() < 2050;
        String text = DateTimeFormatter.ofPattern(utcTime ? "yyMMddHHmmss'Z'" : "yyyyMMddHHmmss'Z'", Locale.ROOT)
                .withZone(ZoneOffset.UTC).format(instant);
        return der(utcTime ? 0x17 : 0x18, text.getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] der(int tag, byte[]... parts) {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            content.writeBytes(part);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int length = content.size();
        if (length < 0x80) {
            out.write(length);
        } else {
            byte[] bytes = BigInteger.valueOf(length).toByteArray();
            int skip = bytes[0] == 0 ? 1 : 0;
            out.write(0x80 | (bytes.length - skip));
            out.write(bytes, skip, bytes.length - skip);
        }
        out.writeBytes(content.toByteArray());
        return out.toByteArray();
    }
}
