package dev.latchkey.spring.web;

import dev.latchkey.core.Latchkey;
import dev.latchkey.core.challenge.EmailChangeOutcome;
import dev.latchkey.core.challenge.Purpose;
import dev.latchkey.core.challenge.RedemptionOutcome;
import dev.latchkey.core.challenge.RequestOutcome;
import dev.latchkey.core.challenge.SignInRequest;
import dev.latchkey.core.identity.User;
import dev.latchkey.core.session.KeptSession;
import dev.latchkey.core.session.SessionEndReason;
import dev.latchkey.core.spi.UserDirectory;
import dev.latchkey.core.usecase.FreshSignIn;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.authentication.logout.SecurityContextLogoutHandler;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;

/** The account page: see the address, change it (confirmed from the new inbox), sign out everywhere. */
@Controller
public final class AccountController {
    private final Latchkey latchkey;
    private final UserDirectory users;
    private final WebRequests requests;
    private final FreshSignIn freshSignIn;
    private final String afterLogout;

    public AccountController(Latchkey latchkey, UserDirectory users, WebRequests requests, FreshSignIn freshSignIn,
                             String afterLogout) {
        this.latchkey = latchkey;
        this.users = users;
        this.requests = requests;
        this.freshSignIn = freshSignIn;
        this.afterLogout = afterLogout;
    }

    @GetMapping("/account")
    public ModelAndView account(@AuthenticationPrincipal LatchkeyUser principal) {
        return accountPage(principal, HttpStatus.OK, Map.of());
    }

    @PostMapping("/account/email")
    public ModelAndView changeEmail(@AuthenticationPrincipal LatchkeyUser principal,
                                    @RequestParam(name = "new_email", defaultValue = "") String newEmail,
                                    HttpServletRequest request, HttpServletResponse response) {
        if (!(SecurityContextHolder.getContext().getAuthentication() instanceof LatchkeyAuthentication auth)
                || !freshSignIn.isFresh(auth.signedInAt())) {
            return Pages.seeOther("/login?reauth&next=/account");
        }
        RequestOutcome outcome = latchkey.requestSignIn(
                SignInRequest.changeEmail(principal.userId(), newEmail, requests.requester(request))
                        .withLocales(requests.locales(request, null)));
        return switch (outcome.kind()) {
            case ACCEPTED -> Pages.page("latchkey/email-sent", HttpStatus.OK,
                    Map.of("newEmail", ((RequestOutcome.Accepted) outcome).identifier().value()));
            case IDENTIFIER_TAKEN -> accountPage(principal, HttpStatus.CONFLICT, Map.of("newEmail", newEmail,
                    "emailError", requests.text(Pages.text("latchkey.page.account.email.taken"))));
            case UNAVAILABLE -> accountPage(principal, HttpStatus.SERVICE_UNAVAILABLE, Map.of("newEmail", newEmail,
                    "emailError", requests.text(Pages.unavailable())));
            case THROTTLED -> {
                Duration retryAfter = ((RequestOutcome.Throttled) outcome).retryAfter();
                requests.retryAfter(response, retryAfter);
                yield accountPage(principal, HttpStatus.TOO_MANY_REQUESTS, Map.of("newEmail", newEmail,
                        "emailError", requests.text(Pages.throttled(retryAfter))));
            }
            case INVALID -> accountPage(principal, HttpStatus.BAD_REQUEST, Map.of("newEmail", newEmail,
                    "emailError", requests.text(Pages.invalid((RequestOutcome.Invalid) outcome))));
        };
    }

    @GetMapping("/account/email/confirm/{token}")
    public ModelAndView confirmPage(@PathVariable String token, HttpServletRequest request) {
        return latchkey.view(Purpose.CHANGE_EMAIL, token, null)
                .map(view -> view.problem() != null ? Pages.problem(view.problem(), requests)
                        : new ModelAndView("latchkey/email-confirm", Map.of("token", token,
                                "newEmail", view.identifier().value())))
                .orElseGet(() -> Pages.problem(new RedemptionOutcome.NotFound(), requests));
    }

    @PostMapping("/account/email/confirm")
    public ModelAndView confirm(@RequestParam(defaultValue = "") String token, HttpServletRequest request) {
        EmailChangeOutcome outcome = latchkey.confirmEmailChange(token, requests.proof(request));
        return switch (outcome.kind()) {
            case CHANGED -> {
                EmailChangeOutcome.Changed changed = (EmailChangeOutcome.Changed) outcome;
                HttpSession asking = request.getSession(false);
                latchkey.sessions().endAllExcept(changed.user().id(),
                        asking == null ? KeptSession.none() : KeptSession.page(asking.getId()),
                        SessionEndReason.EMAIL_CHANGED);
                yield Pages.page("latchkey/email-changed", HttpStatus.OK,
                        Map.of("newEmail", changed.user().email().value()));
            }
            case TAKEN -> Pages.page(Pages.PROBLEM, HttpStatus.CONFLICT, Map.of("title", "That address is taken",
                    "message", "Another account started using this email address first, so yours was not changed."));
            case FAILED -> Pages.problem(((EmailChangeOutcome.Failed) outcome).reason(), requests);
        };
    }

    @PostMapping("/account/sessions/end")
    public ModelAndView signOutEverywhere(@AuthenticationPrincipal LatchkeyUser principal, HttpServletRequest request,
                                          HttpServletResponse response) {
        latchkey.sessions().endAll(principal.userId(), SessionEndReason.SIGN_OUT_EVERYWHERE);
        new SecurityContextLogoutHandler().logout(request, response, SecurityContextHolder.getContext().getAuthentication());
        return Pages.seeOther(afterLogout);
    }

    private ModelAndView accountPage(LatchkeyUser principal, HttpStatus status, Map<String, String> extra) {
        Optional<User> user = users.findById(principal.userId());
        Map<String, Object> model = new HashMap<>(extra);
        model.put("email", user.map(u -> u.email() == null ? null : u.email().value()).orElse(principal.email()));
        model.put("phone", user.map(u -> u.phone() == null ? null : u.phone().value()).orElse(principal.phone()));
        return Pages.page("latchkey/account", status, model);
    }
}
