package dev.latchkey.server.admin;

import dev.latchkey.core.admin.AccountOutcome;
import dev.latchkey.core.admin.AccountPatch;
import dev.latchkey.core.admin.AdminCaller;
import dev.latchkey.core.admin.EventsOutcome;
import dev.latchkey.core.admin.MintOutcome;
import dev.latchkey.core.admin.MintRequest;
import dev.latchkey.core.identity.Channel;
import dev.latchkey.core.usecase.Administration;
import dev.latchkey.server.admin.AdminBodies.EventsBody;
import dev.latchkey.server.admin.AdminBodies.MintBody;
import dev.latchkey.server.admin.AdminBodies.MintedLink;
import dev.latchkey.server.admin.AdminBodies.PatchBody;
import dev.latchkey.server.admin.AdminBodies.QueuedLink;
import dev.latchkey.server.admin.AdminBodies.UserBody;
import dev.latchkey.spring.api.ApiError;
import dev.latchkey.spring.web.NextUrlPolicy;
import dev.latchkey.spring.web.WebRequests;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.security.OAuthFlow;
import io.swagger.v3.oas.annotations.security.OAuthFlows;
import io.swagger.v3.oas.annotations.security.OAuthScope;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/admin/*}: the admin API of SPEC §12. {@link Administration} decides and audits each call with the
 * calling client; this controller only turns JSON into its requests and its outcomes into responses.
 */
@RestController
@RequestMapping(path = "/api/admin", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Admin API", description = "For support desks, invitations and back offices: a client_credentials token"
        + " from /oauth2/token with scope latchkey.admin. Every call is audited with the client's id.")
@SecurityScheme(name = "admin", type = SecuritySchemeType.OAUTH2, flows = @OAuthFlows(clientCredentials = @OAuthFlow(
        tokenUrl = "/oauth2/token", scopes = @OAuthScope(name = "latchkey.admin", description = "the admin API"))))
@SecurityRequirement(name = "admin", scopes = "latchkey.admin")
public final class AdminApiController {
    private final Administration admin;
    private final WebRequests requests;
    private final NextUrlPolicy nextUrls;

    public AdminApiController(Administration admin, WebRequests requests, NextUrlPolicy nextUrls) {
        this.admin = admin;
        this.requests = requests;
        this.nextUrls = nextUrls;
    }

    /** A sign-in link and code: sent through the outbox ({@code deliver=true}, 202) or returned once (201). */
    @PostMapping(path = "/sign-in-links", consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<?> mintLink(@RequestBody MintBody body, @AuthenticationPrincipal Jwt client,
                                      HttpServletRequest request) {
        if ((body.email() == null) == (body.phone() == null)) {
            return invalid("Send exactly one of \"email\" and \"phone\".");
        }
        if (body.deliver() == null) {
            return invalid("Send \"deliver\": true to send the message, false to get the link and code back.");
        }
        boolean byPhone = body.email() == null;
        MintOutcome outcome = admin.mintLink(new MintRequest(byPhone ? Channel.SMS : Channel.EMAIL,
                byPhone ? body.phone() : body.email(), nextUrls.validate(body.next()).orElse(null), body.ttl(),
                body.deliver()), caller(client, request));
        return switch (outcome.kind()) {
            case QUEUED -> ResponseEntity.status(HttpStatus.ACCEPTED)
                    .body(new QueuedLink(AdminBodies.time(((MintOutcome.Queued) outcome).expiresAt())));
            case MINTED -> {
                MintOutcome.Minted minted = (MintOutcome.Minted) outcome;
                yield ResponseEntity.status(HttpStatus.CREATED).header("Cache-Control", "no-store")
                        .body(new MintedLink(minted.link(), minted.code().reveal(), AdminBodies.time(minted.expiresAt())));
            }
            case INVALID -> invalid(((MintOutcome.Invalid) outcome).reason());
            case REFUSED -> ApiError.of(HttpStatus.CONFLICT, "sign_in_refused", "This account cannot sign in with a link ("
                    + ((MintOutcome.Refused) outcome).reason().name().toLowerCase(Locale.ROOT) + ").");
        };
    }

    /** The account of an email address or a phone number. */
    @GetMapping("/users")
    public ResponseEntity<?> findUser(@RequestParam(required = false) @Nullable String email,
                                      @RequestParam(required = false) @Nullable String phone,
                                      @AuthenticationPrincipal Jwt client, HttpServletRequest request) {
        if ((email == null) == (phone == null)) {
            return invalid("Give exactly one of the parameters email and phone.");
        }
        return account(email != null ? admin.find(Channel.EMAIL, email, caller(client, request))
                : admin.find(Channel.SMS, phone, caller(client, request)));
    }

    @GetMapping("/users/{id}")
    public ResponseEntity<?> user(@PathVariable String id, @AuthenticationPrincipal Jwt client,
                                  HttpServletRequest request) {
        return account(admin.find(id, caller(client, request)));
    }

    /** Changes status and roles; disabling ends every session of the user. */
    @PatchMapping(path = "/users/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<?> update(@PathVariable String id, @RequestBody PatchBody body,
                                    @AuthenticationPrincipal Jwt client, HttpServletRequest request) {
        return account(admin.update(id, new AccountPatch(body.status(), body.roles()), caller(client, request)));
    }

    /** Ends every session of the user, page and API. */
    @PostMapping("/users/{id}/sign-out")
    public ResponseEntity<?> signOut(@PathVariable String id, @AuthenticationPrincipal Jwt client,
                                     HttpServletRequest request) {
        return admin.signOut(id, caller(client, request)) ? ResponseEntity.noContent().build() : notFound();
    }

    /** Erases the user: its rows are deleted and its audit events keep only its id. */
    @DeleteMapping("/users/{id}")
    public ResponseEntity<?> erase(@PathVariable String id, @AuthenticationPrincipal Jwt client,
                                   HttpServletRequest request) {
        return admin.erase(id, caller(client, request)) ? ResponseEntity.noContent().build() : notFound();
    }

    /** The audit trail, newest first; {@code after} is the {@code next} of the previous page. */
    @GetMapping("/audit-events")
    public ResponseEntity<?> events(@RequestParam(name = "user_id", required = false) @Nullable String userId,
                                    @RequestParam(required = false) @Nullable String type,
                                    @RequestParam(required = false) @Nullable String after,
                                    @RequestParam(required = false) @Nullable String limit,
                                    @AuthenticationPrincipal Jwt client, HttpServletRequest request) {
        EventsOutcome outcome = admin.events(userId, type, after, limit, caller(client, request));
        return switch (outcome.kind()) {
            case LISTED -> ResponseEntity.ok(EventsBody.of(((EventsOutcome.Listed) outcome).page()));
            case INVALID -> invalid(((EventsOutcome.Invalid) outcome).reason());
        };
    }

    private static ResponseEntity<?> account(AccountOutcome outcome) {
        return switch (outcome.kind()) {
            case FOUND -> ResponseEntity.ok(UserBody.of(((AccountOutcome.Found) outcome).account()));
            case NOT_FOUND -> notFound();
            case INVALID -> invalid(((AccountOutcome.Invalid) outcome).reason());
        };
    }

    /** The client the token was issued to (its subject: a client_credentials token's is its client id), and from where. */
    private AdminCaller caller(Jwt client, HttpServletRequest request) {
        return new AdminCaller(client.getSubject(), requests.requester(request));
    }

    private static ResponseEntity<ApiError> invalid(String detail) {
        return ApiError.of(HttpStatus.BAD_REQUEST, "invalid_request", detail);
    }

    private static ResponseEntity<ApiError> notFound() {
        return ApiError.of(HttpStatus.NOT_FOUND, "not_found", "There is no such user.");
    }
}
