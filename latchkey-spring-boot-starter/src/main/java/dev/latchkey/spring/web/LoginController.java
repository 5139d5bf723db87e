package dev.latchkey.spring.web;

import dev.latchkey.core.Latchkey;
import dev.latchkey.core.challenge.Proof;
import dev.latchkey.core.challenge.RedemptionOutcome;
import dev.latchkey.core.challenge.RequestOutcome;
import dev.latchkey.core.challenge.RequesterContext;
import dev.latchkey.core.challenge.SignInRequest;
import dev.latchkey.core.identity.Channel;
import dev.latchkey.core.identity.Identifier;
import dev.latchkey.core.secret.BindingSecret;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;

/** The sign-in form, the "check your inbox" page with its code field, and resending (SPEC §4.1). */
@Controller
@RequestMapping("/login")
public final class LoginController {
    private final Latchkey latchkey;
    private final WebRequests requests;
    private final NextUrlPolicy nextUrls;
    private final WebSignIn webSignIn;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public LoginController(Latchkey latchkey, WebRequests requests, NextUrlPolicy nextUrls, WebSignIn webSignIn,
                           Clock clock) {
        this.latchkey = latchkey;
        this.requests = requests;
        this.nextUrls = nextUrls;
        this.webSignIn = webSignIn;
        this.clock = clock;
    }

    @GetMapping
    public ModelAndView form(@RequestParam(required = false) @Nullable String next,
                             @RequestParam(required = false) @Nullable String reauth) {
        Map<String, Object> model = new HashMap<>();
        nextUrls.validate(next).ifPresent(n -> model.put("next", n));
        if (reauth != null) {
            model.put("notice", requests.text(Pages.text("latchkey.page.login.reauth")));
        }
        return new ModelAndView("latchkey/login", model);
    }

    @PostMapping
    public ModelAndView request(@RequestParam(required = false) @Nullable String email,
                                @RequestParam(required = false) @Nullable String phone,
                                @RequestParam(required = false) @Nullable String next,
                                HttpServletRequest request, HttpServletResponse response) {
        boolean byPhone = (email == null || email.isBlank()) && phone != null && !phone.isBlank();
        Channel channel = byPhone ? Channel.SMS : Channel.EMAIL;
        String typed = byPhone ? phone : (email == null ? "" : email);
        String safeNext = nextUrls.validate(next).orElse(null);
        return ask(channel, typed, safeNext, request, response, "latchkey/login");
    }

    @GetMapping("/check")
    public ModelAndView check(HttpSession session) {
        PendingSignIn pending = pending(session);
        if (pending == null) {
            return Pages.seeOther("/login");
        }
        return checkPage(pending, HttpStatus.OK, null);
    }

    @PostMapping("/check")
    public ModelAndView checkCode(@RequestParam(defaultValue = "") String code, HttpServletRequest request,
                                  HttpServletResponse response) {
        PendingSignIn pending = pending(request.getSession());
        if (pending == null) {
            return Pages.seeOther("/login");
        }
        RedemptionOutcome outcome = latchkey.redeemCode(pending.requestId(), code,
                Proof.from(requests.requester(request)));
        if (outcome instanceof RedemptionOutcome.SignedIn signedIn) {
            request.getSession().removeAttribute(PendingSignIn.ATTRIBUTE);
            return Pages.seeOther(webSignIn.signIn(signedIn.user(), signedIn.method(), signedIn.next(), request, response));
        }
        if (outcome instanceof RedemptionOutcome.Locked locked) {
            requests.retryAfter(response, locked.retryAfter());
        }
        // Whether this challenge is over, so the page stops offering to type a code.
        boolean dead = switch (outcome.kind()) {
            case WRONG_CODE, LOCKED, UNAVAILABLE, SIGNED_IN -> false;
            case NOT_FOUND, EXPIRED, REVOKED, SPENT, EXHAUSTED, DENIED, REFUSED, BINDING_MISMATCH, PKCE_FAILED -> true;
        };
        return checkPage(pending, Pages.status(outcome), requests.text(Pages.explain(outcome))).addObject("dead", dead);
    }

    @PostMapping("/resend")
    public ModelAndView resend(HttpServletRequest request, HttpServletResponse response) {
        PendingSignIn pending = pending(request.getSession());
        if (pending == null) {
            return Pages.seeOther("/login");
        }
        return ask(pending.channel(), pending.identifier(), pending.next(), request, response, "latchkey/check");
    }

    private ModelAndView ask(Channel channel, String typed, @Nullable String next, HttpServletRequest request,
                             HttpServletResponse response, String viewOnError) {
        RequesterContext requester = requests.requester(request);
        BindingSecret binding = BindingSecret.generate(random);
        RequestOutcome outcome = latchkey.requestSignIn(SignInRequest.login(channel, typed, requester)
                .withNext(next).withBinding(binding).withLocales(requests.locales(request, null)));
        if (outcome instanceof RequestOutcome.Accepted accepted) {
            Identifier identifier = accepted.identifier();
            request.getSession().setAttribute(PendingSignIn.ATTRIBUTE, new PendingSignIn(accepted.requestId().value(),
                    channel, identifier.value(), clock.instant(), next));
            requests.bindingCookie().write(response, binding);
            return Pages.seeOther("/login/check");
        }
        Map<String, Object> model = new HashMap<>();
        model.put("email", channel == Channel.EMAIL ? typed : "");
        model.put("phone", channel == Channel.SMS ? typed : "");
        if (next != null) {
            model.put("next", next);
        }
        HttpStatus status = switch (outcome.kind()) {
            // A sign-in request names no account, so no address is ever taken for it.
            case ACCEPTED, IDENTIFIER_TAKEN -> throw new IllegalStateException("not a refused sign-in request");
            case UNAVAILABLE -> {
                model.put("error", requests.text(Pages.unavailable()));
                yield HttpStatus.SERVICE_UNAVAILABLE;
            }
            case THROTTLED -> {
                Duration retryAfter = ((RequestOutcome.Throttled) outcome).retryAfter();
                requests.retryAfter(response, retryAfter);
                model.put("error", requests.text(Pages.throttled(retryAfter)));
                yield HttpStatus.TOO_MANY_REQUESTS;
            }
            case INVALID -> {
                RequestOutcome.Invalid invalid = (RequestOutcome.Invalid) outcome;
                model.put("fieldError", requests.text(Pages.invalid(invalid)));
                model.put("errorField", invalid.field());
                yield HttpStatus.BAD_REQUEST;
            }
        };
        PendingSignIn pending = pending(request.getSession());
        if ("latchkey/check".equals(viewOnError) && pending != null) {
            return checkPage(pending, status, (String) model.getOrDefault("error", model.get("fieldError")));
        }
        return Pages.page("latchkey/login", status, model);
    }

    private ModelAndView checkPage(PendingSignIn pending, HttpStatus status, @Nullable String message) {
        Duration wait = Duration.between(clock.instant(),
                pending.requestedAt().plus(latchkey.config().throttle().resendDelay()));
        Map<String, Object> model = new HashMap<>();
        model.put("identifier", pending.identifier());
        model.put("byPhone", pending.channel() == Channel.SMS);
        model.put("resendWaitSeconds", Math.max(0, wait.toSeconds() + (wait.toNanosPart() > 0 ? 1 : 0)));
        model.put("codeLength", latchkey.config().code().length());
        model.put("numericCode", latchkey.config().code().alphabet().chars().allMatch(Character::isDigit));
        if (message != null) {
            model.put("error", message);
        }
        return Pages.page("latchkey/check", status, model);
    }

    private static @Nullable PendingSignIn pending(HttpSession session) {
        return session.getAttribute(PendingSignIn.ATTRIBUTE) instanceof PendingSignIn pending ? pending : null;
    }
}
