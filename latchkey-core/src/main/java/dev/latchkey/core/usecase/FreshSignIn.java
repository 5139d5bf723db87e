package dev.latchkey.core.usecase;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Whether a sign-in is recent enough for a sensitive change, e.g. asking to change the email
 * address ({@code latchkey.email-change.fresh-login}). The page and the API both ask here.
 */
public final class FreshSignIn {
    private final Clock clock;
    private final Duration maxAge;

    /** @param maxAge how long after a sign-in it still counts as fresh */
    public FreshSignIn(Clock clock, Duration maxAge) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.maxAge = Objects.requireNonNull(maxAge, "maxAge");
    }

    /** Whether a sign-in made at {@code signedInAt} is still fresh; an unknown sign-in time never is. */
    public boolean isFresh(@Nullable Instant signedInAt) {
        return signedInAt != null && !signedInAt.plus(maxAge).isBefore(clock.instant());
    }
}
