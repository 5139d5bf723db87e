package dev.latchkey.spring;

import dev.latchkey.core.Latchkey;
import dev.latchkey.core.challenge.RequestOutcome;
import dev.latchkey.core.challenge.RequesterContext;
import dev.latchkey.core.challenge.SignInRequest;
import dev.latchkey.core.identity.Channel;
import dev.latchkey.spring.web.NextUrlPolicy;
import org.jspecify.annotations.Nullable;

/**
 * Mails a sign-in link from the application's own code (tokenauth's {@code email_login_link}),
 * e.g. after an invitation. The message goes through the same outbox, throttles and rules as one
 * asked for on the login page.
 */
public final class SignInLinks {
    private final Latchkey latchkey;
    private final NextUrlPolicy nextUrls;

    public SignInLinks(Latchkey latchkey, NextUrlPolicy nextUrls) {
        this.latchkey = latchkey;
        this.nextUrls = nextUrls;
    }

    /** Queues a sign-in message to {@code email}; after sign-in the person lands on {@code next} when it is allowed. */
    public RequestOutcome send(String email, @Nullable String next) {
        return latchkey.requestSignIn(SignInRequest.login(Channel.EMAIL, email, RequesterContext.internal())
                .withNext(nextUrls.validate(next).orElse(null)));
    }
}
