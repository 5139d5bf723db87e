package dev.latchkey.spring.web;

import dev.latchkey.core.Latchkey;
import dev.latchkey.core.challenge.ChallengeView;
import dev.latchkey.core.challenge.DenyOutcome;
import dev.latchkey.core.challenge.RedemptionOutcome;
import dev.latchkey.core.config.LinkBinding;
import dev.latchkey.core.secret.BindingSecret;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;

/**
 * The link in the message. A GET (or HEAD) only shows a page, so link scanners and previews
 * never sign anyone in (SPEC §2 rule 7); the POST from that page redeems.
 */
@Controller
public final class LinkController {
    private final Latchkey latchkey;
    private final WebRequests requests;
    private final WebSignIn webSignIn;

    public LinkController(Latchkey latchkey, WebRequests requests, WebSignIn webSignIn) {
        this.latchkey = latchkey;
        this.requests = requests;
        this.webSignIn = webSignIn;
    }

    @GetMapping("/login/link/{token}")
    public ModelAndView open(@PathVariable String token, HttpServletRequest request, HttpServletResponse response) {
        if (latchkey.config().link().loginOnGet()) {
            return redeem(token, request, response);
        }
        BindingSecret binding = requests.bindingCookie().read(request);
        Optional<ChallengeView> found = latchkey.view(token, binding);
        if (found.isEmpty()) {
            return Pages.problem(new RedemptionOutcome.NotFound(), requests);
        }
        ChallengeView view = found.get();
        if (view.problem() != null) {
            return Pages.problem(view.problem(), requests);
        }
        LinkBinding mode = latchkey.config().link().binding();
        if (mode == LinkBinding.REQUIRE && !view.sameBrowser()) {
            return Pages.problem(new RedemptionOutcome.BindingMismatch(), requests);
        }
        String page = view.sameBrowser() && mode != LinkBinding.NONE ? "latchkey/link-continue" : "latchkey/link-confirm";
        return new ModelAndView(page, Map.of(
                "token", token,
                "account", view.identifier().value(),
                "requestedAt", requests.time(view.requestedAt()),
                "ip", view.requester().ip(),
                "browser", view.browserFamily()));
    }

    @PostMapping("/login/link")
    public ModelAndView redeem(@RequestParam(defaultValue = "") String token, HttpServletRequest request,
                               HttpServletResponse response) {
        RedemptionOutcome outcome = latchkey.redeemLink(token, requests.proof(request));
        if (outcome instanceof RedemptionOutcome.SignedIn signedIn) {
            return Pages.seeOther(webSignIn.signIn(signedIn.user(), signedIn.method(), signedIn.next(), request, response));
        }
        return Pages.problem(outcome, requests);
    }

    @PostMapping("/login/deny")
    public ModelAndView deny(@RequestParam(defaultValue = "") String token, HttpServletRequest request) {
        DenyOutcome outcome = latchkey.deny(token, requests.requester(request));
        if (outcome == DenyOutcome.NOT_FOUND) {
            return Pages.problem(new RedemptionOutcome.NotFound(), requests);
        }
        return Pages.page("latchkey/denied", HttpStatus.OK, Map.of());
    }
}
