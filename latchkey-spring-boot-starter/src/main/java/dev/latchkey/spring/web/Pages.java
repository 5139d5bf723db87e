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
        if (outcome instanceof RedemptionOutcome.Unavailable) {
            return HttpStatus.SERVICE_UNAVAILABLE;
        }
        if (outcome instanceof RedemptionOutcome.Locked) {
            return HttpStatus.TOO_MANY_REQUESTS;
        }
        if (outcome instanceof RedemptionOutcome.WrongCode || outcome instanceof RedemptionOutcome.PkceFailed) {
            return HttpStatus.BAD_REQUEST;
        }
        if (outcome instanceof RedemptionOutcome.Refused) {
            return HttpStatus.FORBIDDEN;
        }
        if (outcome instanceof RedemptionOutcome.NotFound) {
            return HttpStatus.NOT_FOUND;
        }
        if (outcome instanceof RedemptionOutcome.BindingMismatch) {
            return HttpStatus.CONFLICT;
        }
        return HttpStatus.GONE;
    }

    static String title(RedemptionOutcome outcome) {
        if (outcome instanceof RedemptionOutcome.Unavailable) {
            return "Try again in a moment";
        }
        if (outcome instanceof RedemptionOutcome.Locked) {
            return "Too many attempts";
        }
        if (outcome instanceof RedemptionOutcome.Refused) {
            return "You can't sign in this way";
        }
        if (outcome instanceof RedemptionOutcome.Denied) {
            return "Sign-in cancelled";
        }
        if (outcome instanceof RedemptionOutcome.BindingMismatch) {
            return "Open this link on the device that asked";
        }
        return "This sign-in link can't be used";
    }

    static String explain(RedemptionOutcome outcome) {
        if (outcome instanceof RedemptionOutcome.WrongCode wrong) {
            return "That code is not right. " + wrong.attemptsLeft()
                    + (wrong.attemptsLeft() == 1 ? " attempt left." : " attempts left.");
        }
        if (outcome instanceof RedemptionOutcome.Locked locked) {
            return "Too many failed attempts. Try again in " + humanize(locked.retryAfter()) + ".";
        }
        if (outcome instanceof RedemptionOutcome.Expired) {
            return "This link or code has expired. Request a new link.";
        }
        if (outcome instanceof RedemptionOutcome.Revoked) {
            return "A newer link was sent, or you already signed in. Use the newest message, or request a new link.";
        }
        if (outcome instanceof RedemptionOutcome.Spent) {
            return "This link or code was already used. Request a new link.";
        }
        if (outcome instanceof RedemptionOutcome.Exhausted) {
            return "Too many wrong codes were typed for this message. Request a new link.";
        }
        if (outcome instanceof RedemptionOutcome.Denied) {
            return "Someone said this sign-in was not theirs, so it no longer works. Request a new link if it was you.";
        }
        if (outcome instanceof RedemptionOutcome.Refused) {
            return "This account cannot sign in with a link or code. Contact support if you think this is wrong.";
        }
        if (outcome instanceof RedemptionOutcome.BindingMismatch) {
            return "For your safety this link only works in the browser where you asked for it. "
                    + "Type the code from the message on that device instead.";
        }
        if (outcome instanceof RedemptionOutcome.PkceFailed) {
            return "This sign-in must be finished in the app that started it.";
        }
        if (outcome instanceof RedemptionOutcome.Unavailable) {
            return UNAVAILABLE;
        }
        return "This link is not valid. Request a new link.";
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
