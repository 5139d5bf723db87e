package dev.latchkey.spring.web;

import dev.latchkey.core.challenge.RedemptionOutcome;
import java.time.Duration;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.view.RedirectView;

/** Small helpers the page controllers share: redirects, statuses and the sentences that explain outcomes. */
final class Pages {
    static final String PROBLEM = "latchkey/problem";
    static final String UNAVAILABLE = "Sign-in is unavailable for a moment. Please try again shortly.";

    private Pages() {
    }

    /** A {@code 303 See Other}, so the browser follows a POST with a GET. */
    static ModelAndView seeOther(String url) {
        RedirectView view = new RedirectView(url, true);
        view.setStatusCode(HttpStatus.SEE_OTHER);
        view.setExposeModelAttributes(false);
        return new ModelAndView(view);
    }

    static ModelAndView page(String view, HttpStatus status, Map<String, ?> model) {
        ModelAndView page = new ModelAndView(view, model);
        page.setStatus(status);
        return page;
    }

    /** The problem page for an outcome that did not sign anyone in. */
    static ModelAndView problem(RedemptionOutcome outcome) {
        return page(PROBLEM, status(outcome), Map.of("title", title(outcome), "message", explain(outcome)));
    }

    static HttpStatus status(RedemptionOutcome outcome) {
        return problemOf(outcome).status();
    }

    static String title(RedemptionOutcome outcome) {
        return problemOf(outcome).title();
    }

    /** The sentence a person reads; wrong codes and lockouts say how many tries or how long. */
    static String explain(RedemptionOutcome outcome) {
        if (outcome instanceof RedemptionOutcome.WrongCode wrong) {
            return "That code is not right. " + wrong.attemptsLeft()
                    + (wrong.attemptsLeft() == 1 ? " attempt left." : " attempts left.");
        }
        if (outcome instanceof RedemptionOutcome.Locked locked) {
            return "Too many failed attempts. Try again in " + humanize(locked.retryAfter()) + ".";
        }
        return problemOf(outcome).message();
    }

    /** How a page shows one kind of outcome. */
    private record Problem(HttpStatus status, String title, String message) {}

    private static final String UNUSABLE = "This sign-in link can't be used";

    private static Problem problemOf(RedemptionOutcome outcome) {
        return switch (outcome.kind()) {
            case SIGNED_IN -> throw new IllegalArgumentException("a sign-in is not a problem");
            case WRONG_CODE -> new Problem(HttpStatus.BAD_REQUEST, UNUSABLE, "");
            case LOCKED -> new Problem(HttpStatus.TOO_MANY_REQUESTS, "Too many attempts", "");
            case UNAVAILABLE -> new Problem(HttpStatus.SERVICE_UNAVAILABLE, "Try again in a moment", UNAVAILABLE);
            case NOT_FOUND -> new Problem(HttpStatus.NOT_FOUND, UNUSABLE, "This link is not valid. Request a new link.");
            case EXPIRED -> new Problem(HttpStatus.GONE, UNUSABLE, "This link or code has expired. Request a new link.");
            case REVOKED -> new Problem(HttpStatus.GONE, UNUSABLE,
                    "A newer link was sent, or you already signed in. Use the newest message, or request a new link.");
            case SPENT -> new Problem(HttpStatus.GONE, UNUSABLE, "This link or code was already used. Request a new link.");
            case EXHAUSTED -> new Problem(HttpStatus.GONE, UNUSABLE,
                    "Too many wrong codes were typed for this message. Request a new link.");
            case DENIED -> new Problem(HttpStatus.GONE, "Sign-in cancelled",
                    "Someone said this sign-in was not theirs, so it no longer works. Request a new link if it was you.");
            case REFUSED -> new Problem(HttpStatus.FORBIDDEN, "You can't sign in this way",
                    "This account cannot sign in with a link or code. Contact support if you think this is wrong.");
            case BINDING_MISMATCH -> new Problem(HttpStatus.CONFLICT, "Open this link on the device that asked",
                    "For your safety this link only works in the browser where you asked for it. "
                            + "Type the code from the message on that device instead.");
            case PKCE_FAILED -> new Problem(HttpStatus.BAD_REQUEST, UNUSABLE,
                    "This sign-in must be finished in the app that started it.");
        };
    }

    static String humanize(Duration duration) {
        long seconds = Math.max(1, duration.toSeconds());
        if (seconds < 90) {
            return seconds + (seconds == 1 ? " second" : " seconds");
        }
        long minutes = (seconds + 59) / 60;
        return minutes + " minutes";
    }
}
