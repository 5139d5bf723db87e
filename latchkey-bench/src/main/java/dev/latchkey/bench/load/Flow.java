package dev.latchkey.bench.load;

import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/** One complete sign-in as the driver runs it; a thrown exception makes the flow an error. */
@FunctionalInterface
interface Flow {
    /** The project forbids predictable randomness outside tests, bench tools included (SPEC §2 rule 1). */
    SecureRandom RANDOM = new SecureRandom();


    void run(Steps steps) throws Exception;

    /** Unique across the whole run, so no identifier meets its own resend delay; at most 50 characters. */
    AtomicLong SEQUENCE = new AtomicLong();
    String RUN = Long.toString(System.currentTimeMillis(), 36);

    static String nextEmail() {
        return "u" + SEQUENCE.incrementAndGet() + "." + RUN + "@bench.example";
    }

    /** Latchkey's JSON API from a client behind a trusted proxy: request, the link's token, exchange. */
    static Flow latchkey() {
        return steps -> {
            String email = nextEmail();
            requestLatchkey(steps, email);
            String token = steps.awaitToken(email);
            Steps.expect(steps.postJson("exchange", "/api/auth/exchange", "{\"token\":\"" + token + "\"}"), 200);
        };
    }

    /** Latchkey's link token: the last path segment of the link, 43 base64url characters. */
    Pattern LATCHKEY_LINK_TOKEN = Pattern.compile("/([A-Za-z0-9_-]{43})");
    /** Spring Security's one-time token, a UUID in the magic link's query. */
    Pattern BASELINE_LINK_TOKEN = Pattern.compile("token=([0-9a-f-]{36})");

    /** Like {@link #latchkey()}, with the link read from the mail the target sent to {@code sink}. */
    static Flow latchkeyByMail(SmtpSink sink) {
        return steps -> {
            String email = nextEmail();
            requestLatchkey(steps, email);
            String token = steps.awaitMailedToken(sink, email, LATCHKEY_LINK_TOKEN);
            Steps.expect(steps.postJson("exchange", "/api/auth/exchange", "{\"token\":\"" + token + "\"}"), 200);
        };
    }

    /** Only Latchkey's request, for targets that really mail the link. */
    static Flow latchkeyRequestOnly() {
        return steps -> requestLatchkey(steps, nextEmail());
    }

    private static void requestLatchkey(Steps steps, String email) throws Exception {
        String client = "10." + RANDOM.nextInt(256) + "." + RANDOM.nextInt(256) + "." + (1 + RANDOM.nextInt(254));
        Steps.expect(steps.postJson("request", "/api/auth/request", "{\"email\":\"" + email + "\"}",
                "X-Forwarded-For", client), 202);
    }

    /** Spring Security's one-time-token login: generate, the token, sign in, which redirects to "/". */
    static Flow baseline() {
        return steps -> {
            String email = nextEmail();
            Steps.expect(steps.postForm("request", "/ott/generate", "username", email), 200);
            signInBaseline(steps, steps.awaitToken(email));
        };
    }

    /**
     * The baseline of SPEC §8's headline: generate, which mails the magic link before it redirects to
     * {@code /ott/sent} (as in Spring Security's reference docs), the link from the mail, sign in.
     */
    static Flow baselineByMail(SmtpSink sink) {
        return steps -> {
            String email = nextEmail();
            HttpResponse<String> sent = Steps.expect(steps.postForm("request", "/ott/generate", "username", email), 302);
            if (!sent.headers().firstValue("Location").orElse("").endsWith("/ott/sent")) {
                throw new Steps.FlowFailure("/ott/generate redirected to " + sent.headers().firstValue("Location"));
            }
            signInBaseline(steps, steps.awaitMailedToken(sink, email, BASELINE_LINK_TOKEN));
        };
    }

    private static void signInBaseline(Steps steps, String token) throws Exception {
        HttpResponse<String> login = Steps.expect(steps.postForm("exchange", "/login/ott", "token", token), 302);
        String location = login.headers().firstValue("Location").orElse("");
        if (!location.endsWith("/") || location.contains("error")) {
            throw new Steps.FlowFailure("/login/ott redirected to " + location);
        }
    }

    /** The same three requests against endpoints that do nothing. */
    static Flow ceiling() {
        return steps -> {
            Steps.expect(steps.postJson("request", "/noop/request", "{\"email\":\"" + nextEmail() + "\"}"), 202);
            Steps.expect(steps.get("token", "/noop/token"), 200);
            Steps.expect(steps.postJson("exchange", "/noop/exchange", "{\"token\":\"noop\"}"), 200);
        };
    }
}
