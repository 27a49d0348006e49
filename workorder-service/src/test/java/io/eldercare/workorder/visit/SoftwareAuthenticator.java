package io.eldercare.workorder.visit;

import com.webauthn4j.converter.AttestationObjectConverter;
import com.webauthn4j.converter.AuthenticatorDataConverter;
import com.webauthn4j.converter.CollectedClientDataConverter;
import com.webauthn4j.converter.util.ObjectConverter;
import com.webauthn4j.data.attestation.AttestationObject;
import com.webauthn4j.data.attestation.authenticator.AAGUID;
import com.webauthn4j.data.attestation.authenticator.AttestedCredentialData;
import com.webauthn4j.data.attestation.authenticator.AuthenticatorData;
import com.webauthn4j.data.attestation.authenticator.EC2COSEKey;
import com.webauthn4j.data.attestation.statement.COSEAlgorithmIdentifier;
import com.webauthn4j.data.attestation.statement.NoneAttestationStatement;
import com.webauthn4j.data.client.ClientDataType;
import com.webauthn4j.data.client.CollectedClientData;
import com.webauthn4j.data.client.Origin;
import com.webauthn4j.data.client.challenge.DefaultChallenge;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.Map;

/**
 * A phone's platform authenticator in software, for tests: an ES256 key pair per passkey, "none" attestation, a
 * signature counter, and a switch for whether the elder's fingerprint or face was verified (the UV flag). It answers
 * navigator.credentials.create() and get() as a browser would, base64url fields and all.
 */
public final class SoftwareAuthenticator {

    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();
    private final ObjectConverter converter = new ObjectConverter();
    private final KeyPair key;
    private final byte[] credentialId = new byte[32];
    private final String rpId;
    private String origin;
    private long counter;
    private boolean userVerified = true;

    public SoftwareAuthenticator(String rpId, String origin) {
        this.rpId = rpId;
        this.origin = origin;
        new SecureRandom().nextBytes(credentialId);
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            this.key = generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether the next answers say the user was verified (fingerprint or face), not only present. */
    public SoftwareAuthenticator userVerified(boolean verified) {
        this.userVerified = verified;
        return this;
    }

    /** The page the browser says asked (a phishing page's origin is not the platform's). */
    public SoftwareAuthenticator origin(String origin) {
        this.origin = origin;
        return this;
    }

    public String credentialId() {
        return B64URL.encodeToString(credentialId);
    }

    /** navigator.credentials.create()'s answer to a registration challenge. */
    public Map<String, String> create(String challenge) {
        byte[] clientData = clientData(ClientDataType.WEBAUTHN_CREATE, challenge);
        AttestedCredentialData attested = new AttestedCredentialData(AAGUID.ZERO, credentialId,
                EC2COSEKey.create((ECPublicKey) key.getPublic(), COSEAlgorithmIdentifier.ES256));
        AuthenticatorData<com.webauthn4j.data.extension.authenticator.RegistrationExtensionAuthenticatorOutput> data =
                new AuthenticatorData<>(sha256(rpId.getBytes(StandardCharsets.UTF_8)),
                        (byte) (flags() | AuthenticatorData.BIT_AT), counter, attested);
        byte[] attestation = new AttestationObjectConverter(converter)
                .convertToBytes(new AttestationObject(data, new NoneAttestationStatement()));
        return Map.of("clientDataJSON", B64URL.encodeToString(clientData),
                "attestationObject", B64URL.encodeToString(attestation));
    }

    /** navigator.credentials.get()'s answer to a challenge: the counter goes up, the data is signed. */
    public Map<String, String> get(String challenge) {
        counter++;
        byte[] clientData = clientData(ClientDataType.WEBAUTHN_GET, challenge);
        byte[] data = new AuthenticatorDataConverter(converter).convert(new AuthenticatorData<>(
                sha256(rpId.getBytes(StandardCharsets.UTF_8)), flags(), counter));
        try {
            Signature signer = Signature.getInstance("SHA256withECDSA");
            signer.initSign(key.getPrivate());
            ByteArrayOutputStream signed = new ByteArrayOutputStream();
            signed.writeBytes(data);
            signed.writeBytes(sha256(clientData));
            signer.update(signed.toByteArray());
            return Map.of("credentialId", credentialId(), "clientDataJSON", B64URL.encodeToString(clientData),
                    "authenticatorData", B64URL.encodeToString(data),
                    "signature", B64URL.encodeToString(signer.sign()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private byte flags() {
        return (byte) (AuthenticatorData.BIT_UP | (userVerified ? AuthenticatorData.BIT_UV : 0));
    }

    private byte[] clientData(ClientDataType type, String challenge) {
        return new CollectedClientDataConverter(converter).convertToBytes(new CollectedClientData(type,
                new DefaultChallenge(Base64.getUrlDecoder().decode(challenge)), new Origin(origin), null));
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
