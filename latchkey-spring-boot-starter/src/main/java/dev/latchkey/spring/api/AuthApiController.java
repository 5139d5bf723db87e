package dev.latchkey.spring.api;

import dev.latchkey.core.Latchkey;
import dev.latchkey.core.challenge.EmailChangeOutcome;
import dev.latchkey.core.challenge.Proof;
import dev.latchkey.core.challenge.RedemptionOutcome;
import dev.latchkey.core.challenge.RequestOutcome;
import dev.latchkey.core.challenge.SignInRequest;
import dev.latchkey.core.identity.Channel;
import dev.latchkey.core.identity.User;
import dev.latchkey.core.identity.UserId;
import dev.latchkey.core.session.ApiSession;
import dev.latchkey.core.session.ApiSessions;
import dev.latchkey.core.session.KeptSession;
import dev.latchkey.core.session.SessionEndReason;
import dev.latchkey.core.usecase.FreshSignIn;
import dev.latchkey.core.spi.UserDirectory;
import dev.latchkey.spring.api.ApiBodies.Accepted;
import dev.latchkey.spring.api.ApiBodies.EmailChangeBody;
import dev.latchkey.spring.api.ApiBodies.ExchangeBody;
import dev.latchkey.spring.api.ApiBodies.RefreshBody;
import dev.latchkey.spring.api.ApiBodies.SignInRequestBody;
import dev.latchkey.spring.api.ApiBodies.TokenBody;
import dev.latchkey.spring.api.ApiBodies.TokenResponse;
import dev.latchkey.spring.api.ApiBodies.UserView;
import dev.latchkey.spring.web.NextUrlPolicy;
import dev.latchkey.spring.web.WebRequests;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/auth/*}: the JSON API of SPEC §5. No cookies, no CSRF; every error is JSON. */
@RestController
@RequestMapping(path = "/api/auth", produces = MediaType.APPLICATION_JSON_VALUE)
public final class AuthApiController {
    private final Latchkey latchkey;
    private final ApiSessions sessions;
    private final AccessTokens accessTokens;
    private final UserDirectory users;
    private final WebRequests requests;
    private final NextUrlPolicy nextUrls;
    private final FreshSignIn freshSignIn;

    public AuthApiController(Latchkey latchkey, ApiSessions sessions, AccessTokens accessTokens, UserDirectory users,
                             WebRequests requests, NextUrlPolicy nextUrls, FreshSignIn freshSignIn) {
        this.latchkey = latchkey;
        this.sessions = sessions;
        this.accessTokens = accessTokens;
        this.users = users;
        this.requests = requests;
        this.nextUrls = nextUrls;
        this.freshSignIn = freshSignIn;
    }

    @PostMapping(path = "/request", consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<?> request(@RequestBody SignInRequestBody body, HttpServletRequest request) {
        Optional<ResponseEntity<ApiError>> wrongShape = identifierShape(body.email(), body.phone());
        if (wrongShape.isPresent()) {
            return wrongShape.get();
        }
        boolean byPhone = body.email() == null;
        RequestOutcome outcome = latchkey.requestSignIn(SignInRequest.login(byPhone ? Channel.SMS : Channel.EMAIL,
                        byPhone ? body.phone() : body.email(), requests.requester(request))
                .withNext(nextUrls.validate(body.next()).orElse(null))
                .withCodeChallenge(body.codeChallenge())
                .withLocales(requests.locales(request, body.locale())));
        return switch (outcome.kind()) {
            case ACCEPTED -> accepted((RequestOutcome.Accepted) outcome,
                    "If this address can sign in, a message with a link and a code is on its way.");
            // A sign-in request names no account, so no address is ever taken for it.
            case THROTTLED, IDENTIFIER_TAKEN, UNAVAILABLE, INVALID -> requestRefused(outcome);
        };
    }

    @PostMapping(path = "/exchange", consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<?> exchange(@RequestBody ExchangeBody body, HttpServletRequest request) {
        Proof proof = Proof.from(requests.requester(request)).withCodeVerifier(body.codeVerifier());
        RedemptionOutcome outcome;
        if (body.token() != null) {
            outcome = latchkey.exchangeLink(body.token(), proof, sessions);
        } else if (body.code() != null && body.requestId() != null) {
            outcome = latchkey.exchangeCode(body.requestId(), body.code(), proof, sessions);
        } else if (body.code() != null && (body.email() != null || body.phone() != null)) {
            boolean byPhone = body.email() == null;
            outcome = latchkey.exchangeCode(byPhone ? Channel.SMS : Channel.EMAIL, byPhone ? body.phone() : body.email(),
                    body.code(), proof, sessions);
        } else {
            return ApiError.of(HttpStatus.BAD_REQUEST, "invalid_request",
                    "Send {\"token\"}, {\"request_id\", \"code\"} or {\"email\" or \"phone\", \"code\"}.");
        }
        if (outcome instanceof RedemptionOutcome.SignedIn signedIn && signedIn.apiSession() != null) {
            return tokens(signedIn.user(), signedIn.apiSession());
        }
        return failure(outcome);
    }

    @PostMapping(path = "/refresh", consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<?> refresh(@RequestBody RefreshBody body, HttpServletRequest request) {
        if (body.refreshToken() == null) {
            return ApiError.of(HttpStatus.BAD_REQUEST, "invalid_request", "Send {\"refresh_token\"}.");
        }
        ApiSessions.RefreshOutcome outcome = sessions.refresh(body.refreshToken(), requests.requester(request));
        if (outcome instanceof ApiSessions.RefreshOutcome.Refreshed refreshed) {
            Optional<User> user = users.findById(refreshed.issued().session().userId()).filter(User::active);
            if (user.isPresent()) {
                return tokens(user.get(), refreshed.issued());
            }
            sessions.end(refreshed.issued().session().id());
        }
        return ApiError.of(HttpStatus.BAD_REQUEST, "invalid_grant", "The refresh token is not valid; sign in again.");
    }

    @PostMapping("/logout")
    public ResponseEntity<Void> logout(@AuthenticationPrincipal Jwt jwt, HttpServletRequest request) {
        sessions.end(jwt.getClaimAsString("sid"));
        latchkey.signedOut(new UserId(jwt.getSubject()), requests.requester(request));
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/logout-all")
    public ResponseEntity<Void> logoutAll(@AuthenticationPrincipal Jwt jwt, HttpServletRequest request) {
        UserId user = new UserId(jwt.getSubject());
        latchkey.sessions().endAll(user, SessionEndReason.SIGN_OUT_EVERYWHERE);
        latchkey.signedOut(user, requests.requester(request));
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/me")
    public ResponseEntity<?> me(@AuthenticationPrincipal Jwt jwt) {
        return users.findById(new UserId(jwt.getSubject()))
                .<ResponseEntity<?>>map(user -> ResponseEntity.ok(new ApiBodies.Me(user.id().value(),
                        user.email() == null ? null : user.email().value(),
                        user.phone() == null ? null : user.phone().value(), user.createdAt().toString())))
                .orElseGet(() -> ApiError.of(HttpStatus.UNAUTHORIZED, "invalid_token", "The account no longer exists."));
    }

    @PostMapping(path = "/email-change", consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<?> emailChange(@AuthenticationPrincipal Jwt jwt, @RequestBody EmailChangeBody body,
                                         HttpServletRequest request) {
        Optional<ApiSession> session = sessions.active(jwt.getClaimAsString("sid"));
        if (session.isEmpty() || !freshSignIn.isFresh(session.get().createdAt())) {
            return ApiError.of(HttpStatus.UNAUTHORIZED, "login_required",
                    "Sign in again to change the email address; the sign-in must be recent.");
        }
        if (body.newEmail() == null) {
            return ApiError.of(HttpStatus.BAD_REQUEST, "invalid_request", "Send {\"new_email\"}.");
        }
        RequestOutcome outcome = latchkey.requestSignIn(SignInRequest.changeEmail(new UserId(jwt.getSubject()),
                body.newEmail(), requests.requester(request)).withLocales(requests.locales(request, null)));
        return switch (outcome.kind()) {
            case ACCEPTED -> accepted((RequestOutcome.Accepted) outcome,
                    "A confirmation link is on its way to the new address.");
            case THROTTLED, IDENTIFIER_TAKEN, UNAVAILABLE, INVALID -> requestRefused(outcome);
        };
    }

    private static ResponseEntity<?> accepted(RequestOutcome.Accepted accepted, String detail) {
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(new Accepted(accepted.requestId().value(),
                accepted.expiresIn().toSeconds(), detail));
    }

    private static ResponseEntity<?> requestRefused(RequestOutcome outcome) {
        return switch (outcome.kind()) {
            case ACCEPTED -> throw new IllegalArgumentException("an accepted request is not refused");
            case IDENTIFIER_TAKEN -> ApiError.of(HttpStatus.CONFLICT, "email_taken",
                    "That email address belongs to another account.");
            case THROTTLED -> ApiError.tooMany("rate_limited", "Too many requests; try again later.",
                    ((RequestOutcome.Throttled) outcome).retryAfter());
            case UNAVAILABLE -> unavailable();
            case INVALID -> ApiError.of(HttpStatus.BAD_REQUEST, "invalid_request",
                    ((RequestOutcome.Invalid) outcome).reason());
        };
    }

    @PostMapping(path = "/email-change/confirm", consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<?> confirmEmailChange(@RequestBody TokenBody body, HttpServletRequest request) {
        if (body.token() == null) {
            return ApiError.of(HttpStatus.BAD_REQUEST, "invalid_request", "Send {\"token\"}.");
        }
        EmailChangeOutcome outcome = latchkey.confirmEmailChange(body.token(), Proof.from(requests.requester(request)));
        return switch (outcome.kind()) {
            case CHANGED -> {
                EmailChangeOutcome.Changed changed = (EmailChangeOutcome.Changed) outcome;
                latchkey.sessions().endAllExcept(changed.user().id(), askingSession(), SessionEndReason.EMAIL_CHANGED);
                yield ResponseEntity.ok(new ApiBodies.Changed(UserView.of(changed.user())));
            }
            case TAKEN -> ApiError.of(HttpStatus.CONFLICT, "email_taken", "Another account took this address first.");
            case FAILED -> failure(((EmailChangeOutcome.Failed) outcome).reason());
        };
    }

    /** The session of the Bearer token that came with the request, which an email change keeps. */
    private static KeptSession askingSession() {
        return SecurityContextHolder.getContext().getAuthentication() instanceof JwtAuthenticationToken token
                && token.getToken().getClaimAsString("sid") != null
                ? KeptSession.api(token.getToken().getClaimAsString("sid")) : KeptSession.none();
    }

    private ResponseEntity<?> tokens(User user, ApiSessions.Issued issued) {
        return tokens(accessTokens, user, issued);
    }

    /** The token response of every sign-in (SPEC §5), never cached. */
    static ResponseEntity<?> tokens(AccessTokens accessTokens, User user, ApiSessions.Issued issued) {
        String access = accessTokens.issue(user, issued.session());
        return ResponseEntity.ok()
                .cacheControl(CacheControl.noStore())
                .header(HttpHeaders.PRAGMA, "no-cache")
                .body(new TokenResponse(access, "Bearer", accessTokens.ttlSeconds(),
                        issued.refreshToken(), UserView.of(user)));
    }

    static ResponseEntity<ApiError> unavailable() {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "5")
                .body(new ApiError("temporarily_unavailable", "Sign-in is unavailable for a moment; try again shortly.",
                        5L, null));
    }

    private static ResponseEntity<?> failure(RedemptionOutcome outcome) {
        return switch (outcome.kind()) {
            case SIGNED_IN -> throw new IllegalArgumentException("a sign-in is not a failure");
            case UNAVAILABLE -> unavailable();
            case LOCKED -> ApiError.tooMany("locked", "Too many failed attempts; try again later.",
                    ((RedemptionOutcome.Locked) outcome).retryAfter());
            case REFUSED -> ApiError.of(HttpStatus.FORBIDDEN, "access_denied", "This account cannot sign in this way.");
            case WRONG_CODE -> ResponseEntity.badRequest().body(new ApiError("invalid_grant", "The code is not right.",
                    null, ((RedemptionOutcome.WrongCode) outcome).attemptsLeft()));
            case EXHAUSTED -> ResponseEntity.badRequest().body(new ApiError("invalid_grant",
                    "Too many wrong codes; request a new one.", null, 0));
            case PKCE_FAILED -> invalidGrant("The code_verifier is missing or does not match the code_challenge.");
            case EXPIRED -> invalidGrant("The link or code has expired; request a new one.");
            case SPENT -> invalidGrant("The link or code was already used; request a new one.");
            case REVOKED -> invalidGrant("A newer request replaced this one.");
            case DENIED -> invalidGrant("This sign-in was cancelled by the account holder.");
            case NOT_FOUND, BINDING_MISMATCH -> invalidGrant("The link or code is not valid; request a new one.");
        };
    }

    private static ResponseEntity<ApiError> invalidGrant(String detail) {
        return ApiError.of(HttpStatus.BAD_REQUEST, "invalid_grant", detail);
    }

    /** The request must name exactly one of email and phone. */
    private static Optional<ResponseEntity<ApiError>> identifierShape(@Nullable String email, @Nullable String phone) {
        if ((email == null) == (phone == null)) {
            return Optional.of(ApiError.of(HttpStatus.BAD_REQUEST, "invalid_request",
                    "Send exactly one of \"email\" and \"phone\"."));
        }
        return Optional.empty();
    }
}
