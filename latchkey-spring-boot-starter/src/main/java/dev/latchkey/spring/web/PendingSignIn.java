package dev.latchkey.spring.web;

import dev.latchkey.core.identity.Channel;
import java.io.Serial;
import java.io.Serializable;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The sign-in this browser asked for, kept in its session so the code page knows which challenge
 * a typed code is for. Holds no secret.
 *
 * @param requestId the challenge's public id
 * @param channel email or SMS
 * @param identifier the normalised identifier, shown on the page and used for resending
 * @param requestedAt when the request was made, for the resend delay
 * @param next where to go afterwards, if the request named a valid place
 */
record PendingSignIn(String requestId, Channel channel, String identifier, Instant requestedAt,
                     @Nullable String next) implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;
    static final String ATTRIBUTE = "latchkey.pending";
}
