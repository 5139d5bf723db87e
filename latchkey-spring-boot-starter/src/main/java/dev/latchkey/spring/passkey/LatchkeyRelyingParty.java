package dev.latchkey.spring.passkey;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.webauthn4j.WebAuthnManager;
import com.webauthn4j.converter.util.ObjectConverter;
import com.webauthn4j.credential.CredentialRecordImpl;
import com.webauthn4j.data.AuthenticationData;
import com.webauthn4j.data.AuthenticationParameters;
import com.webauthn4j.data.AuthenticationRequest;
import com.webauthn4j.data.PublicKeyCredentialParameters;
import com.webauthn4j.data.PublicKeyCredentialType;
import com.webauthn4j.data.RegistrationData;
import com.webauthn4j.data.RegistrationParameters;
import com.webauthn4j.data.RegistrationRequest;
import com.webauthn4j.data.attestation.authenticator.AAGUID;
import com.webauthn4j.data.attestation.authenticator.AttestedCredentialData;
import com.webauthn4j.data.attestation.authenticator.AuthenticatorData;
import com.webauthn4j.data.attestation.authenticator.COSEKey;
import com.webauthn4j.data.attestation.statement.COSEAlgorithmIdentifier;
import com.webauthn4j.data.attestation.statement.NoneAttestationStatement;
import com.webauthn4j.data.client.Origin;
import com.webauthn4j.data.client.challenge.DefaultChallenge;
import com.webauthn4j.data.extension.authenticator.AuthenticationExtensionAuthenticatorOutput;
import com.webauthn4j.data.extension.authenticator.RegistrationExtensionAuthenticatorOutput;
import com.webauthn4j.server.ServerProperty;
import dev.latchkey.core.passkey.AssertionVerifier;
import dev.latchkey.core.passkey.CredentialId;
import dev.latchkey.core.passkey.Passkey;
import dev.latchkey.core.passkey.VerifiedAssertion;
import dev.latchkey.core.passkey.VerifiedRegistration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.webauthn.api.AuthenticatorAssertionResponse;
import org.springframework.security.web.webauthn.api.AuthenticatorAttestationResponse;
import org.springframework.security.web.webauthn.api.AuthenticatorTransport;
import org.springframework.security.web.webauthn.api.PublicKeyCredential;
import org.springframework.security.web.webauthn.jackson.WebauthnJacksonModule;
import org.springframework.security.web.webauthn.management.ImmutablePublicKeyCredentialCreationOptionsRequest;
import org.springframework.security.web.webauthn.management.ImmutablePublicKeyCredentialRequestOptionsRequest;
import org.springframework.security.web.webauthn.management.WebAuthnRelyingPartyOperations;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Latchkey's WebAuthn relying party (SPEC §10). Spring Security's
 * {@link WebAuthnRelyingPartyOperations} makes the creation and request options, from Latchkey's
 * own user entities and credentials; webauthn4j, which Spring uses underneath, checks what comes
 * back. Latchkey calls it directly because Spring's {@code registerCredential} and
 * {@code authenticate} write through the credential repository outside Latchkey's transaction and
 * compare the signature counter with the one seen at registration; core decides the counter and
 * stores the result instead.
 *
 * <p>Options and credentials travel as WebAuthn's JSON forms ({@code PublicKeyCredentialCreationOptionsJSON},
 * {@code RegistrationResponseJSON}, …), which browsers read with {@code PublicKeyCredential.parse*FromJSON}.
 */
public final class LatchkeyRelyingParty {
    private static final List<PublicKeyCredentialParameters> ALGORITHMS = List.of(
            new PublicKeyCredentialParameters(PublicKeyCredentialType.PUBLIC_KEY, COSEAlgorithmIdentifier.EdDSA),
            new PublicKeyCredentialParameters(PublicKeyCredentialType.PUBLIC_KEY, COSEAlgorithmIdentifier.ES256),
            new PublicKeyCredentialParameters(PublicKeyCredentialType.PUBLIC_KEY, COSEAlgorithmIdentifier.RS256));

    private final WebAuthnRelyingPartyOperations operations;
    private final String rpId;
    private final Set<Origin> origins;
    private final boolean userVerificationRequired;
    private final JsonMapper json = JsonMapper.builder().addModule(new WebauthnJacksonModule()).build();
    private final ObjectConverter converter = new ObjectConverter();
    private final WebAuthnManager webAuthn = WebAuthnManager.createNonStrictWebAuthnManager(converter);

    /**
     * @param rpId the relying party id, the host of {@code latchkey.base-url}
     * @param origins the base URL's origin and {@code passkeys.allowed-origins}
     * @param userVerificationRequired {@code passkeys.user-verification=required}
     */
    public LatchkeyRelyingParty(WebAuthnRelyingPartyOperations operations, String rpId, Set<String> origins,
                                boolean userVerificationRequired) {
        this.operations = operations;
        this.rpId = rpId;
        this.origins = origins.stream().map(Origin::new).collect(Collectors.toUnmodifiableSet());
        this.userVerificationRequired = userVerificationRequired;
    }

    /** Creation options for the signed-in {@code user} (its name is the user id), as JSON. */
    public String creationOptions(Authentication user) {
        return json.writeValueAsString(operations.createPublicKeyCredentialCreationOptions(
                new ImmutablePublicKeyCredentialCreationOptionsRequest(user)));
    }

    /** Request options for a sign-in with any of the relying party's passkeys (discoverable credentials), as JSON. */
    public String requestOptions() {
        return json.writeValueAsString(operations.createCredentialRequestOptions(
                new ImmutablePublicKeyCredentialRequestOptionsRequest(null)));
    }

    /**
     * Checks a registration response against the creation options it answers: challenge, origin,
     * relying party id, algorithm, user presence and, when required, user verification. Empty when
     * anything is wrong or malformed.
     */
    public Optional<VerifiedRegistration> verifyRegistration(String optionsJson, String credentialJson) {
        try {
            PublicKeyCredential<AuthenticatorAttestationResponse> credential = json.readValue(credentialJson,
                    new TypeReference<PublicKeyCredential<AuthenticatorAttestationResponse>>() { });
            AuthenticatorAttestationResponse response = credential.getResponse();
            Set<String> transports = response.getTransports() == null ? Set.of()
                    : response.getTransports().stream().map(AuthenticatorTransport::getValue).collect(Collectors.toSet());
            byte[] attestationObject = response.getAttestationObject().getBytes();
            byte[] clientData = response.getClientDataJSON().getBytes();
            RegistrationData data = webAuthn.verify(new RegistrationRequest(attestationObject, clientData, transports),
                    new RegistrationParameters(server(optionsJson), ALGORITHMS, userVerificationRequired, true));
            AuthenticatorData<RegistrationExtensionAuthenticatorOutput> authData =
                    data.getAttestationObject().getAuthenticatorData();
            AttestedCredentialData attested = authData.getAttestedCredentialData();
            return Optional.of(new VerifiedRegistration(CredentialId.of(attested.getCredentialId()),
                    converter.getCborConverter().writeValueAsBytes(attested.getCOSEKey()), authData.getSignCount(),
                    authData.isFlagUV(), transports, authData.isFlagBE(), authData.isFlagBS(), attestationObject,
                    clientData));
        } catch (RuntimeException e) {
            // webauthn4j's verification and conversion errors, and Jackson's, all mean the same: not accepted.
            return Optional.empty();
        }
    }

    /** An assertion as the client sent it, before anything is checked. */
    public record Assertion(CredentialId credentialId, PublicKeyCredential<AuthenticatorAssertionResponse> credential) {}

    /** Reads an authentication response; empty when it is not one. */
    public Optional<Assertion> readAssertion(String credentialJson) {
        try {
            PublicKeyCredential<AuthenticatorAssertionResponse> credential = json.readValue(credentialJson,
                    new TypeReference<PublicKeyCredential<AuthenticatorAssertionResponse>>() { });
            return Optional.of(new Assertion(CredentialId.of(credential.getRawId().getBytes()), credential));
        } catch (JacksonException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * Checks {@code assertion} against the request options it answers and the stored passkey:
     * challenge, origin, relying party id, signature, user presence and, when required, user
     * verification. The counter is left to core, which compares it with the last one recorded.
     */
    public AssertionVerifier verifier(String optionsJson, Assertion assertion) {
        return passkey -> verify(optionsJson, assertion, passkey);
    }

    private Optional<VerifiedAssertion> verify(String optionsJson, Assertion assertion, Passkey passkey) {
        try {
            AuthenticatorAssertionResponse response = assertion.credential().getResponse();
            COSEKey key = converter.getCborConverter().readValue(passkey.publicKeyCose(), COSEKey.class);
            // Counter 0 here: webauthn4j then never refuses on it, and core alone decides (and audits) a regression.
            CredentialRecordImpl record = new CredentialRecordImpl(new NoneAttestationStatement(),
                    passkey.uvInitialized(), passkey.backupEligible(), passkey.backupState(), 0L,
                    new AttestedCredentialData(AAGUID.ZERO, passkey.id().bytes(), key), null, null, null,
                    passkey.transports().stream().map(com.webauthn4j.data.AuthenticatorTransport::create)
                            .collect(Collectors.toSet()));
            AuthenticationData data = webAuthn.verify(new AuthenticationRequest(assertion.credentialId().bytes(),
                            response.getAuthenticatorData().getBytes(), response.getClientDataJSON().getBytes(),
                            response.getSignature().getBytes()),
                    new AuthenticationParameters(server(optionsJson), record, null, userVerificationRequired, true));
            AuthenticatorData<AuthenticationExtensionAuthenticatorOutput> authData = data.getAuthenticatorData();
            return Optional.of(new VerifiedAssertion(authData.getSignCount(), authData.isFlagUV(), authData.isFlagBS()));
        } catch (RuntimeException e) {
            // A failed check of any kind (signature, origin, challenge, malformed data) refuses the same way.
            return Optional.empty();
        }
    }

    private ServerProperty server(String optionsJson) {
        Challenge options = json.readValue(optionsJson, Challenge.class);
        return new ServerProperty(origins, rpId, new DefaultChallenge(Base64.getUrlDecoder().decode(options.challenge())));
    }

    /** The one field of stored options that verification needs. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    private record Challenge(String challenge) {}
}
