package dev.latchkey.spring.passkey;

import com.webauthn4j.converter.AttestationObjectConverter;
import com.webauthn4j.converter.AuthenticatorDataConverter;
import com.webauthn4j.converter.util.ObjectConverter;
import com.webauthn4j.data.attestation.AttestationObject;
import com.webauthn4j.data.attestation.authenticator.AAGUID;
import com.webauthn4j.data.attestation.authenticator.AttestedCredentialData;
import com.webauthn4j.data.attestation.authenticator.AuthenticatorData;
import com.webauthn4j.data.attestation.authenticator.EC2COSEKey;
import com.webauthn4j.data.attestation.statement.COSEAlgorithmIdentifier;
import com.webauthn4j.data.attestation.statement.NoneAttestationStatement;
import com.webauthn4j.data.extension.authenticator.AuthenticationExtensionAuthenticatorOutput;
import com.webauthn4j.data.extension.authenticator.RegistrationExtensionAuthenticatorOutput;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A passkey authenticator in software for tests of the JSON ceremonies: one ES256 key, attestation
 * {@code none}, a signature counter, and knobs to lie about the origin, the relying party id, the
 * counter or the signature. Its answers are the JSON forms a browser's {@code toJSON()} gives.
 */
public final class SoftwareAuthenticator {
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final byte UP = 0x01;
    private static final byte UV = 0x04;
    private static final byte BE = 0x08;
    private static final byte BS = 0x10;
    private static final byte AT = 0x40;

    private final ObjectConverter converter = new ObjectConverter();
    private final JsonMapper json = JsonMapper.builder().build();
    private final KeyPair keys;
    private final byte[] credentialId = new byte[16];
    private final boolean synced;
    private final boolean verifiesUser;
    private long counter;
    private byte[] userHandle = new byte[0];

    /**
     * @param synced whether it reports its credential as backup eligible and backed up (a synced passkey)
     * @param verifiesUser whether it sets the UV flag
     */
    public SoftwareAuthenticator(boolean synced, boolean verifiesUser) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            this.keys = generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        new SecureRandom().nextBytes(credentialId);
        this.synced = synced;
        this.verifiesUser = verifiesUser;
    }

    public String credentialId() {
        return B64.encodeToString(credentialId);
    }

    /** Sets the counter the next assertion goes up from. */
    public void counter(long value) {
        this.counter = value;
    }

    /** The registration response to {@code options} (creation options JSON), as if made at {@code origin}. */
    public Map<String, Object> register(JsonNode options, String origin) {
        return register(options, origin, options.get("rp").get("id").asText());
    }

    public Map<String, Object> register(JsonNode options, String origin, String rpId) {
        userHandle = Base64.getUrlDecoder().decode(options.get("user").get("id").asText());
        byte[] clientData = clientData("webauthn.create", options.get("challenge").asText(), origin);
        AttestedCredentialData attested = new AttestedCredentialData(AAGUID.ZERO, credentialId,
                EC2COSEKey.create((ECPublicKey) keys.getPublic(), COSEAlgorithmIdentifier.ES256));
        AuthenticatorData<RegistrationExtensionAuthenticatorOutput> authData = new AuthenticatorData<>(
                sha256(rpId.getBytes(StandardCharsets.UTF_8)), (byte) (flags() | AT), counter, attested);
        byte[] attestation = new AttestationObjectConverter(converter).convertToBytes(
                new AttestationObject(authData, new NoneAttestationStatement()));
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("clientDataJSON", B64.encodeToString(clientData));
        response.put("attestationObject", B64.encodeToString(attestation));
        response.put("transports", List.of("internal"));
        return credential(response);
    }

    /** The assertion answering {@code options} (request options JSON), made at {@code origin}; the counter goes up. */
    public Map<String, Object> authenticate(JsonNode options, String origin) {
        return authenticate(options, origin, options.get("rpId").asText(), false);
    }

    /**
     * @param rpId the relying party id to claim
     * @param badSignature sign something else than what is sent
     */
    public Map<String, Object> authenticate(JsonNode options, String origin, String rpId, boolean badSignature) {
        counter++;
        byte[] clientData = clientData("webauthn.get", options.get("challenge").asText(), origin);
        AuthenticatorData<AuthenticationExtensionAuthenticatorOutput> authData = new AuthenticatorData<>(
                sha256(rpId.getBytes(StandardCharsets.UTF_8)), flags(), counter);
        byte[] authBytes = new AuthenticatorDataConverter(converter).convert(authData);
        byte[] signed = concat(authBytes, sha256(clientData));
        if (badSignature) {
            signed[0] ^= 1;
        }
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("clientDataJSON", B64.encodeToString(clientData));
        response.put("authenticatorData", B64.encodeToString(authBytes));
        response.put("signature", B64.encodeToString(sign(signed)));
        response.put("userHandle", B64.encodeToString(userHandle));
        return credential(response);
    }

    private Map<String, Object> credential(Map<String, Object> response) {
        Map<String, Object> credential = new LinkedHashMap<>();
        credential.put("id", credentialId());
        credential.put("rawId", credentialId());
        credential.put("type", "public-key");
        credential.put("authenticatorAttachment", "platform");
        credential.put("response", response);
        credential.put("clientExtensionResults", Map.of());
        return credential;
    }

    private byte flags() {
        byte flags = UP;
        if (verifiesUser) {
            flags |= UV;
        }
        if (synced) {
            flags |= BE | BS;
        }
        return flags;
    }

    private byte[] clientData(String type, String challenge, String origin) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("type", type);
        data.put("challenge", challenge);
        data.put("origin", origin);
        data.put("crossOrigin", false);
        return json.writeValueAsBytes(data);
    }

    private byte[] sign(byte[] data) {
        try {
            Signature signature = Signature.getInstance("SHA256withECDSA");
            signature.initSign(keys.getPrivate());
            signature.update(data);
            return signature.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
