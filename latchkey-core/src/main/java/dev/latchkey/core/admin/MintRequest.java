package dev.latchkey.core.admin;

import dev.latchkey.core.identity.Channel;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An admin's request for a sign-in link and code (SPEC §12), as received: the engine validates it.
 *
 * @param channel whether {@code identifier} is an email address or a phone number
 * @param identifier the address or number as given
 * @param next where to go after signing in, or null; checked at sign-in like any {@code next} (SPEC §2 rule 10)
 * @param ttlSeconds how long the link and code work, at most {@code latchkey.challenge.ttl}; null for that
 * @param deliver send the message through the outbox as a sign-in request does; false to hand link and code to the caller
 */
public record MintRequest(Channel channel, String identifier, @Nullable String next, @Nullable Long ttlSeconds,
                          boolean deliver) {

    public MintRequest {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(identifier, "identifier");
    }
}
