package dev.latchkey.core.usecase;

import dev.latchkey.core.spi.BatchedPurge;
import dev.latchkey.core.spi.CeremonyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Deletes expired challenges, expired passkey ceremonies, ended throttle windows and webhook calls
 * done for a day in bounded batches.
 */
public final class Purge {
    /** How long a finished webhook call stays in the outbox, for support to see what was posted. */
    private static final Duration WEBHOOK_CALLS_KEPT = Duration.ofDays(1);

    private final UseCaseContext ctx;
    private final CeremonyStore ceremonies;

    public Purge(UseCaseContext ctx, CeremonyStore ceremonies) {
        this.ctx = ctx;
        this.ceremonies = Objects.requireNonNull(ceremonies, "ceremonies");
    }

    /** Returns the challenges deleted. */
    public int expired() {
        Instant now = ctx.clock.instant();
        int total = BatchedPurge.run(batch -> ctx.challenges.purgeExpired(now, batch));
        BatchedPurge.run(batch -> ceremonies.purgeExpired(now, batch));
        ctx.throttles.purgeExpired(now);
        BatchedPurge.run(batch -> ctx.outbox.purgeWebhookCalls(now.minus(WEBHOOK_CALLS_KEPT), batch));
        return total;
    }
}
