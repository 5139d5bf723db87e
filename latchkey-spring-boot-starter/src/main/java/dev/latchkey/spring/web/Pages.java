package dev.latchkey.spring.web;

import dev.latchkey.core.challenge.RedemptionOutcome;
import dev.latchkey.core.challenge.RequestOutcome;
import java.time.Duration;
import java.util.Map;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.context.support.DefaultMessageSourceResolvable;
import org.springframework.http.HttpStatus;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.view.RedirectView;

/**
 * Small helpers the page controllers share: redirects, statuses and the sentences that explain outcomes, as messages
 * of {@code latchkey/messages} that {@link WebRequests#text} writes in the page's language (SPEC §14).
 */
final class Pages {
    static final String PROBLEM = "latchkey/problem";

    private Pages() {
    }

    /** The message {@code code} of {@code latchkey/messages} with its arguments, to be written in a page's language. */
    static MessageSourceResolvable text(String code, Object... args) {
        return new DefaultMessageSourceResolvable(new String[] {code}, args);
    }

    /** Why typed input was refused, in the page's language; core's English sentence where no bundle has its key. */
    static MessageSourceResolvable invalid(RequestOutcome.Invalid invalid) {
        return new DefaultMessageSourceResolvable(new String[] {invalid.key()}, null, invalid.reason());
    }

    static MessageSourceResolvable unavailable() {
        return text("latchkey.problem.unavailable");
    }

    static MessageSourceResolvable throttled(Duration retryAfter) {
        return text("latchkey.problem.throttled", humanize(retryAfter));
    }

    static MessageSourceResolvable locked(Duration retryAfter) {
        return text("latchkey.problem.locked", humanize(retryAfter));
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
    static ModelAndView problem(RedemptionOutcome outcome, WebRequests requests) {
        return page(PROBLEM, status(outcome), Map.of("title", requests.text(title(outcome)),
                "message", requests.text(explain(outcome))));
    }

    static HttpStatus status(RedemptionOutcome outcome) {
        return problemOf(outcome).status();
    }

    static MessageSourceResolvable title(RedemptionOutcome outcome) {
        return text(problemOf(outcome).title());
    }

    /** The sentence a person reads; wrong codes and lockouts say how many tries or how long. */
    static MessageSourceResolvable explain(RedemptionOutcome outcome) {
        if (outcome instanceof RedemptionOutcome.WrongCode wrong) {
            return text("latchkey.problem.wrong.code", wrong.attemptsLeft());
        }
        if (outcome instanceof RedemptionOutcome.Locked locked) {
            return locked(locked.retryAfter());
        }
        return text(problemOf(outcome).message());
    }

    /** How a page shows one kind of outcome: its status and the codes of its title and sentence. */
    private record Problem(HttpStatus status, String title, String message) {}

    private static final String UNUSABLE = "latchkey.problem.unusable";

    private static Problem problemOf(RedemptionOutcome outcome) {
        return switch (outcome.kind()) {
            case SIGNED_IN -> throw new IllegalArgumentException("a sign-in is not a problem");
            case WRONG_CODE -> new Problem(HttpStatus.BAD_REQUEST, UNUSABLE, "latchkey.problem.wrong.code");
            case LOCKED -> new Problem(HttpStatus.TOO_MANY_REQUESTS, "latchkey.problem.locked.title",
                    "latchkey.problem.locked");
            case UNAVAILABLE -> new Problem(HttpStatus.SERVICE_UNAVAILABLE, "latchkey.problem.unavailable.title",
                    "latchkey.problem.unavailable");
            case NOT_FOUND -> new Problem(HttpStatus.NOT_FOUND, UNUSABLE, "latchkey.problem.not.found");
            case EXPIRED -> new Problem(HttpStatus.GONE, UNUSABLE, "latchkey.problem.expired");
            case REVOKED -> new Problem(HttpStatus.GONE, UNUSABLE, "latchkey.problem.revoked");
            case SPENT -> new Problem(HttpStatus.GONE, UNUSABLE, "latchkey.problem.spent");
            case EXHAUSTED -> new Problem(HttpStatus.GONE, UNUSABLE, "latchkey.problem.exhausted");
            case DENIED -> new Problem(HttpStatus.GONE, "latchkey.problem.denied.title", "latchkey.problem.denied");
            case REFUSED -> new Problem(HttpStatus.FORBIDDEN, "latchkey.problem.refused.title",
                    "latchkey.problem.refused");
            case BINDING_MISMATCH -> new Problem(HttpStatus.CONFLICT, "latchkey.problem.binding.title",
                    "latchkey.problem.binding");
            case PKCE_FAILED -> new Problem(HttpStatus.BAD_REQUEST, UNUSABLE, "latchkey.problem.pkce");
        };
    }

    /** A wait as a person reads it: seconds under 90, whole minutes (rounded up) beyond. */
    static MessageSourceResolvable humanize(Duration duration) {
        long seconds = Math.max(1, duration.toSeconds());
        if (seconds < 90) {
            return text("latchkey.duration.seconds", seconds);
        }
        return text("latchkey.duration.minutes", (seconds + 59) / 60);
    }
}
