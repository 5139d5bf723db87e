package dev.latchkey.core.spi;

import java.util.function.Supplier;

/**
 * Runs work in one transaction, so a challenge and its outbox entry are written together or not
 * at all. Stores that share the transaction join it; nested calls join the outer one.
 */
public interface Transactions {

    <T> T inTransaction(Supplier<T> work);

    /** For stores with no transactions (in-memory): runs the work as it is. */
    static Transactions none() {
        return new Transactions() {
            @Override
            public <T> T inTransaction(Supplier<T> work) {
                return work.get();
            }
        };
    }
}
