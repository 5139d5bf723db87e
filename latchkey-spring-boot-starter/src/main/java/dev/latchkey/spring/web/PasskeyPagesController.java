package dev.latchkey.spring.web;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.latchkey.core.passkey.AddPasskeyOutcome;
import dev.latchkey.core.passkey.Passkey;
import dev.latchkey.core.passkey.PasskeySignInOutcome;
import dev.latchkey.core.passkey.RenameOutcome;
import dev.latchkey.core.passkey.CredentialId;
import dev.latchkey.core.usecase.Passkeys;
import dev.latchkey.spring.passkey.LatchkeyRelyingParty;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.servlet.ModelAndView;
import tools.jackson.databind.JsonNode;

/**
 * Passkeys on the pages (SPEC §10): the offer after a link or code sign-in, adding, renaming and
 * removing on {@code /account}, and "Sign in with a passkey" on {@code /login}. The browser's
 * script ({@code /latchkey/passkeys.js}) runs the WebAuthn ceremonies against the small JSON
 * endpoints here; the options of an open ceremony wait in the session, and are taken once.
 */
@Controller
public final class PasskeyPagesController {
    private static final String REGISTRATION = PasskeyPagesController.class.getName() + ".registration";
    private static final String AUTHENTICATION = PasskeyPagesController.class.getName() + ".authentication";
    private static final String REAUTH = "/login?reauth&next=/account";

    private final Passkeys passkeys;
    private final LatchkeyRelyingParty relyingParty;
    private final WebRequests requests;
    private final WebSignIn webSignIn;
    private final PasskeyOffer offer;
    private final String afterLogin;

    /** @param afterLogin where the offer continues when the session no longer knows the sign-in's target */
    public PasskeyPagesController(Passkeys passkeys, LatchkeyRelyingParty relyingParty, WebRequests requests,
                                  WebSignIn webSignIn, PasskeyOffer offer, String afterLogin) {
        this.passkeys = passkeys;
        this.relyingParty = relyingParty;
        this.requests = requests;
        this.webSignIn = webSignIn;
        this.offer = offer;
        this.afterLogin = afterLogin;
    }

    /** The body the script posts: the credential as {@code PublicKeyCredential.toJSON()} gives it, and a label. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record CeremonyBody(@Nullable JsonNode credential, @Nullable String label) {}

    @GetMapping(PasskeyOffer.PATH)
    public ModelAndView offerPage(HttpSession session) {
        String target = offer.target(session);
        if (target == null) {
            return Pages.seeOther(afterLogin);
        }
        return new ModelAndView("latchkey/passkey-offer", Map.of("target", target));
    }

    @PostMapping(PasskeyOffer.PATH + "/skip")
    public ModelAndView skipOffer(HttpServletRequest request, HttpServletResponse response) {
        String target = offer.close(request, response);
        return Pages.seeOther(target == null ? afterLogin : target);
    }

    @PostMapping(path = "/account/passkeys/options", produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseBody
    public ResponseEntity<?> registrationOptions(HttpServletRequest request) {
        if (!(SecurityContextHolder.getContext().getAuthentication() instanceof LatchkeyAuthentication auth)
                || !passkeys.mayRegister(auth.signedInAt())) {
            return loginRequired();
        }
        String options = relyingParty.creationOptions(auth);
        request.getSession().setAttribute(REGISTRATION, options);
        return options(options);
    }

    @PostMapping(path = "/account/passkeys", produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseBody
    public ResponseEntity<?> register(@AuthenticationPrincipal LatchkeyUser principal, @RequestBody CeremonyBody body,
                                      HttpServletRequest request, HttpServletResponse response) {
        Optional<String> options = take(request, REGISTRATION);
        Instant signedInAt = SecurityContextHolder.getContext().getAuthentication() instanceof LatchkeyAuthentication auth
                ? auth.signedInAt() : null;
        if (options.isEmpty() || body.credential() == null) {
            return error(HttpStatus.BAD_REQUEST, "The passkey could not be added. Try again.");
        }
        var registration = relyingParty.verifyRegistration(options.get(), body.credential().toString());
        if (registration.isEmpty()) {
            return error(HttpStatus.BAD_REQUEST, "The passkey could not be checked. Try again.");
        }
        AddPasskeyOutcome outcome = passkeys.add(principal.userId(), signedInAt, registration.get(), body.label(),
                requests.requester(request));
        return switch (outcome.kind()) {
            case ADDED -> {
                // A browser that holds a passkey need not be offered one; the offer, if open, continues to its target.
                String target = offer.close(request, response);
                yield ResponseEntity.status(HttpStatus.CREATED).body(Map.of("redirect",
                        target == null ? "/account" : target, "label", ((AddPasskeyOutcome.Added) outcome).passkey().label()));
            }
            case NOT_FRESH -> loginRequired();
            case INVALID_LABEL -> error(HttpStatus.BAD_REQUEST, ((AddPasskeyOutcome.InvalidLabel) outcome).reason());
            case DUPLICATE -> error(HttpStatus.CONFLICT, "This passkey is already registered.");
            case REFUSED -> error(HttpStatus.FORBIDDEN, "This account cannot add a passkey.");
        };
    }

    @PostMapping("/account/passkeys/{id}/rename")
    public ModelAndView rename(@AuthenticationPrincipal LatchkeyUser principal, @PathVariable String id,
                               @RequestParam(defaultValue = "") String label) {
        Optional<CredentialId> credential = credentialId(id);
        RenameOutcome outcome = credential.isEmpty() ? RenameOutcome.NOT_FOUND
                : passkeys.rename(principal.userId(), credential.get(), label);
        return switch (outcome) {
            case RENAMED -> Pages.seeOther("/account");
            case NOT_FOUND -> Pages.seeOther("/account?passkey=not-found");
            case INVALID_LABEL -> Pages.seeOther("/account?passkey=invalid-label");
        };
    }

    @PostMapping("/account/passkeys/{id}/remove")
    public ModelAndView remove(@AuthenticationPrincipal LatchkeyUser principal, @PathVariable String id,
                               HttpServletRequest request) {
        boolean removed = credentialId(id).map(credential -> passkeys.remove(principal.userId(), credential,
                requests.requester(request))).orElse(false);
        return Pages.seeOther(removed ? "/account" : "/account?passkey=not-found");
    }

    /** The sign-in page's script says this browser offers a platform authenticator. */
    @PostMapping("/login/passkey/capable")
    public ResponseEntity<Void> capable(HttpServletResponse response) {
        offer.capable(response);
        return ResponseEntity.noContent().build();
    }

    @PostMapping(path = "/login/passkey/options", produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseBody
    public ResponseEntity<?> authenticationOptions(HttpServletRequest request) {
        String options = relyingParty.requestOptions();
        request.getSession().setAttribute(AUTHENTICATION, options);
        return options(options);
    }

    @PostMapping(path = "/login/passkey", produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseBody
    public ResponseEntity<?> signIn(@RequestBody CeremonyBody body, @RequestParam(required = false) @Nullable String next,
                                    HttpServletRequest request, HttpServletResponse response) {
        Optional<String> options = take(request, AUTHENTICATION);
        Optional<LatchkeyRelyingParty.Assertion> assertion = body.credential() == null ? Optional.empty()
                : relyingParty.readAssertion(body.credential().toString());
        if (options.isEmpty() || assertion.isEmpty()) {
            passkeys.ceremonyFailed(requests.requester(request));
            return error(HttpStatus.BAD_REQUEST, "That passkey didn't work. Try again, or use a link or code.");
        }
        PasskeySignInOutcome outcome = passkeys.signIn(assertion.get().credentialId(),
                relyingParty.verifier(options.get(), assertion.get()), requests.requester(request));
        return switch (outcome.kind()) {
            case SIGNED_IN -> {
                PasskeySignInOutcome.SignedIn signedIn = (PasskeySignInOutcome.SignedIn) outcome;
                yield ResponseEntity.ok(Map.of("redirect",
                        webSignIn.signIn(signedIn.user(), signedIn.method(), next, request, response)));
            }
            case UNKNOWN_CREDENTIAL -> error(HttpStatus.BAD_REQUEST,
                    "This passkey is not registered here any more. Sign in with a link or code.");
            case BAD_ASSERTION, COUNTER_REGRESSED -> error(HttpStatus.BAD_REQUEST,
                    "That passkey didn't work. Try again, or use a link or code.");
            case REFUSED -> error(HttpStatus.FORBIDDEN,
                    "This account cannot sign in with a passkey. Contact support if you think this is wrong.");
            case LOCKED -> {
                requests.retryAfter(response, ((PasskeySignInOutcome.Locked) outcome).retryAfter());
                yield error(HttpStatus.TOO_MANY_REQUESTS,
                        requests.text(Pages.locked(((PasskeySignInOutcome.Locked) outcome).retryAfter())));
            }
            case UNAVAILABLE -> error(HttpStatus.SERVICE_UNAVAILABLE, requests.text(Pages.unavailable()));
        };
    }

    private static Optional<String> take(HttpServletRequest request, String attribute) {
        HttpSession session = request.getSession(false);
        if (session == null || !(session.getAttribute(attribute) instanceof String options)) {
            return Optional.empty();
        }
        session.removeAttribute(attribute);
        return Optional.of(options);
    }

    private static Optional<CredentialId> credentialId(String id) {
        try {
            return Optional.of(new CredentialId(id));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The options as raw JSON, under {@code publicKey}, for {@code PublicKeyCredential.parse*OptionsFromJSON}. */
    private static ResponseEntity<String> options(String json) {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body("{\"publicKey\":" + json + "}");
    }

    private static ResponseEntity<Map<String, String>> loginRequired() {
        return ResponseEntity.status(HttpStatus.UNAUTHORIZED).body(Map.of("error",
                "For your security, sign in again to add a passkey.", "redirect", REAUTH));
    }

    private static ResponseEntity<Map<String, String>> error(HttpStatus status, String message) {
        return ResponseEntity.status(status).body(Map.of("error", message));
    }

    /** One row of the account page's passkey list. */
    public record Row(String id, String label, String createdAt, @Nullable String lastUsedAt) {
        static Row of(Passkey passkey, WebRequests requests) {
            return new Row(passkey.id().value(), passkey.label(), requests.time(passkey.createdAt()),
                    passkey.lastUsedAt() == null ? null : requests.time(passkey.lastUsedAt()));
        }
    }
}
