package dev.latchkey.core.usecase;

import dev.latchkey.core.spi.BatchedPurge;
import java.time.Instant;

/** Deletes expired challenges and ended throttle windows in bounded batches. */
public final class Purge {
    private final UseCaseContext ctx;

    public Purge(UseCaseContext ctx) {
        this.ctx = ctx;
    }

    /** Returns the challenges deleted. */
    public int expired() {
        Instant now = ctx.clock.instant();
        int total = BatchedPurge.run(batch -> ctx.challenges.purgeExpired(now, batch));
        ctx.throttles.purgeExpired(now);
        return total;
    }
}
