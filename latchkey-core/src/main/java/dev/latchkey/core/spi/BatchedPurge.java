package dev.latchkey.core.spi;

import java.util.function.IntUnaryOperator;

/**
 * Runs a store's bounded delete ({@code purgeExpired(before, batchSize)} and its kin) until a batch
 * comes back short, so no single statement grows with the table.
 */
public final class BatchedPurge {
    /** Rows one statement deletes at most. */
    public static final int BATCH_SIZE = 1_000;

    private BatchedPurge() {
    }

    /** Calls {@code deleteBatch} with {@link #BATCH_SIZE} until it deletes fewer; returns the rows deleted in all. */
    public static int run(IntUnaryOperator deleteBatch) {
        int total = 0;
        int deleted;
        do {
            deleted = deleteBatch.applyAsInt(BATCH_SIZE);
            total += deleted;
        } while (deleted == BATCH_SIZE);
        return total;
    }
}
