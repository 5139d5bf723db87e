package dev.latchkey.spring.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonRawValue;
import dev.latchkey.core.identity.UserId;
import dev.latchkey.core.passkey.AddPasskeyOutcome;
import dev.latchkey.core.passkey.Ceremony;
import dev.latchkey.core.passkey.CredentialId;
import dev.latchkey.core.passkey.Passkey;
import dev.latchkey.core.passkey.PasskeySignInOutcome;
import dev.latchkey.core.passkey.VerifiedRegistration;
import dev.latchkey.core.session.ApiSession;
import dev.latchkey.core.session.ApiSessions;
import dev.latchkey.core.usecase.Passkeys;
import dev.latchkey.spring.passkey.LatchkeyRelyingParty;
import dev.latchkey.spring.web.WebRequests;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * {@code /api/auth/passkeys/*}: passkeys for native apps (SPEC §10). A ceremony id stands in for the
 * session cookie of the pages: {@code .../options} opens a ceremony and returns its id with the
 * WebAuthn options, and the call that finishes it presents the id once, within five minutes.
 */
@RestController
@RequestMapping(path = "/api/auth/passkeys", produces = MediaType.APPLICATION_JSON_VALUE)
public final class PasskeyApiController {
    private final Passkeys passkeys;
    private final LatchkeyRelyingParty relyingParty;
    private final ApiSessions sessions;
    private final AccessTokens accessTokens;
    private final WebRequests requests;

    public PasskeyApiController(Passkeys passkeys, LatchkeyRelyingParty relyingParty, ApiSessions sessions,
                                AccessTokens accessTokens, WebRequests requests) {
        this.passkeys = passkeys;
        this.relyingParty = relyingParty;
        this.sessions = sessions;
        this.accessTokens = accessTokens;
        this.requests = requests;
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record FinishBody(@JsonProperty("ceremony_id") @Nullable String ceremonyId, @Nullable JsonNode credential,
                      @Nullable String label) {}

    record Options(@JsonProperty("ceremony_id") String ceremonyId,
                   @JsonProperty("public_key") @JsonRawValue String publicKey) {}

    @JsonInclude(JsonInclude.Include.ALWAYS)
    record PasskeyView(String id, String label, @JsonProperty("created_at") String createdAt,
                       @JsonProperty("last_used_at") @Nullable String lastUsedAt, boolean synced) {
        static PasskeyView of(Passkey passkey) {
            return new PasskeyView(passkey.id().value(), passkey.label(), passkey.createdAt().toString(),
                    passkey.lastUsedAt() == null ? null : passkey.lastUsedAt().toString(), passkey.synced());
        }
    }

    record Added(String id, String label, @JsonProperty("created_at") String createdAt) {}

    record PasskeyList(List<PasskeyView> passkeys) {}

    @PostMapping("/authenticate/options")
    public ResponseEntity<?> authenticationOptions() {
        String options = relyingParty.requestOptions();
        return ResponseEntity.ok(new Options(passkeys.openCeremony(Ceremony.Purpose.AUTHENTICATION, null, options),
                options));
    }

    @PostMapping(path = "/authenticate", consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<?> authenticate(@RequestBody FinishBody body, HttpServletRequest request) {
        if (body.ceremonyId() == null || body.credential() == null) {
            return ApiError.of(HttpStatus.BAD_REQUEST, "invalid_request", "Send {\"ceremony_id\", \"credential\"}.");
        }
        Optional<Ceremony> ceremony = passkeys.takeCeremony(body.ceremonyId(), Ceremony.Purpose.AUTHENTICATION, null);
        if (ceremony.isEmpty()) {
            passkeys.ceremonyFailed(requests.requester(request));
            return wrongCeremony();
        }
        Optional<LatchkeyRelyingParty.Assertion> assertion = relyingParty.readAssertion(body.credential().toString());
        if (assertion.isEmpty()) {
            return invalidGrant("The credential is not a WebAuthn assertion.");
        }
        PasskeySignInOutcome outcome = passkeys.signIn(assertion.get().credentialId(),
                relyingParty.verifier(ceremony.get().optionsJson(), assertion.get()), requests.requester(request),
                sessions);
        return switch (outcome.kind()) {
            case SIGNED_IN -> {
                PasskeySignInOutcome.SignedIn signedIn = (PasskeySignInOutcome.SignedIn) outcome;
                yield AuthApiController.tokens(accessTokens, signedIn.user(),
                        Objects.requireNonNull(signedIn.apiSession(), "a JSON API sign-in starts an API session"));
            }
            case UNKNOWN_CREDENTIAL -> invalidGrant("No passkey with this credential id is registered.");
            case BAD_ASSERTION -> invalidGrant("The assertion did not verify (signature, challenge, origin or RP id).");
            case COUNTER_REGRESSED -> invalidGrant("The signature counter did not increase; the passkey may be cloned.");
            case REFUSED -> ApiError.of(HttpStatus.FORBIDDEN, "access_denied", "This account cannot sign in this way.");
            case LOCKED -> ApiError.tooMany("locked", "Too many failed attempts; try again later.",
                    ((PasskeySignInOutcome.Locked) outcome).retryAfter());
            case UNAVAILABLE -> AuthApiController.unavailable();
        };
    }

    @PostMapping("/register/options")
    public ResponseEntity<?> registrationOptions(@AuthenticationPrincipal Jwt jwt, JwtAuthenticationToken authentication) {
        if (!fresh(jwt)) {
            return loginRequired();
        }
        String options = relyingParty.creationOptions(authentication);
        return ResponseEntity.ok(new Options(passkeys.openCeremony(Ceremony.Purpose.REGISTRATION,
                new UserId(jwt.getSubject()), options), options));
    }

    @PostMapping(path = "/register", consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<?> register(@AuthenticationPrincipal Jwt jwt, @RequestBody FinishBody body,
                                      HttpServletRequest request) {
        Optional<ApiSession> session = sessions.active(jwt.getClaimAsString("sid"));
        if (session.isEmpty() || !passkeys.mayRegister(session.get().createdAt())) {
            return loginRequired();
        }
        if (body.ceremonyId() == null || body.credential() == null) {
            return ApiError.of(HttpStatus.BAD_REQUEST, "invalid_request",
                    "Send {\"ceremony_id\", \"credential\", \"label\"}.");
        }
        UserId user = new UserId(jwt.getSubject());
        Optional<Ceremony> ceremony = passkeys.takeCeremony(body.ceremonyId(), Ceremony.Purpose.REGISTRATION, user);
        if (ceremony.isEmpty()) {
            return wrongCeremony();
        }
        Optional<VerifiedRegistration> registration = relyingParty.verifyRegistration(ceremony.get().optionsJson(),
                body.credential().toString());
        if (registration.isEmpty()) {
            return invalidGrant("The attestation did not verify (challenge, origin, RP id or format).");
        }
        AddPasskeyOutcome outcome = passkeys.add(user, session.get().createdAt(), registration.get(), body.label(),
                requests.requester(request));
        return switch (outcome.kind()) {
            case ADDED -> {
                Passkey added = ((AddPasskeyOutcome.Added) outcome).passkey();
                yield ResponseEntity.status(HttpStatus.CREATED).body(new Added(added.id().value(), added.label(),
                        added.createdAt().toString()));
            }
            case NOT_FRESH -> loginRequired();
            case INVALID_LABEL -> ApiError.of(HttpStatus.BAD_REQUEST, "invalid_request",
                    ((AddPasskeyOutcome.InvalidLabel) outcome).reason());
            case DUPLICATE -> ApiError.of(HttpStatus.CONFLICT, "conflict", "This passkey is already registered.");
            case REFUSED -> ApiError.of(HttpStatus.FORBIDDEN, "access_denied", "This account cannot add a passkey.");
        };
    }

    @GetMapping
    public ResponseEntity<?> list(@AuthenticationPrincipal Jwt jwt) {
        return ResponseEntity.ok(new PasskeyList(passkeys.list(new UserId(jwt.getSubject())).stream()
                .map(PasskeyView::of).toList()));
    }

    @DeleteMapping("/{id}")
    public ResponseEntity<?> delete(@AuthenticationPrincipal Jwt jwt, @PathVariable String id,
                                    HttpServletRequest request) {
        boolean removed;
        try {
            removed = passkeys.remove(new UserId(jwt.getSubject()), new CredentialId(id), requests.requester(request));
        } catch (IllegalArgumentException e) {
            removed = false;
        }
        return removed ? ResponseEntity.noContent().build()
                : ApiError.of(HttpStatus.NOT_FOUND, "not_found", "You have no passkey with this id.");
    }

    /** Whether the Bearer token's session began recently enough to add a passkey ({@code passkeys.fresh-login}). */
    private boolean fresh(Jwt jwt) {
        return sessions.active(jwt.getClaimAsString("sid")).filter(s -> passkeys.mayRegister(s.createdAt())).isPresent();
    }

    private static ResponseEntity<ApiError> loginRequired() {
        return ApiError.of(HttpStatus.UNAUTHORIZED, "login_required",
                "Sign in again to add a passkey; the sign-in must be recent.");
    }

    private static ResponseEntity<ApiError> wrongCeremony() {
        return invalidGrant("The ceremony is unknown, expired or already used; start a new one.");
    }

    private static ResponseEntity<ApiError> invalidGrant(String detail) {
        return ApiError.of(HttpStatus.BAD_REQUEST, "invalid_grant", detail);
    }
}
