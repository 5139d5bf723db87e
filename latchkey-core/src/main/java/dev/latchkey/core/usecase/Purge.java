package dev.latchkey.core.usecase;

import dev.latchkey.core.spi.BatchedPurge;
import dev.latchkey.core.spi.CeremonyStore;
import java.time.Instant;

/** Deletes expired challenges, passkey ceremonies and ended throttle windows in bounded batches. */
public final class Purge {
    private final UseCaseContext ctx;
    private final CeremonyStore ceremonies;

    public Purge(UseCaseContext ctx, CeremonyStore ceremonies) {
        this.ctx = ctx;
        this.ceremonies = ceremonies;
    }

    /** Returns the challenges deleted. */
    public int expired() {
        Instant now = ctx.clock.instant();
        int total = BatchedPurge.run(batch -> ctx.challenges.purgeExpired(now, batch));
        BatchedPurge.run(batch -> ceremonies.purgeExpired(now, batch));
        ctx.throttles.purgeExpired(now);
        return total;
    }
}
