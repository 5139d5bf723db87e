package dev.latchkey.core.usecase;

import dev.latchkey.core.throttle.ThrottleUnavailableException;
import java.util.function.Supplier;

/** The fail-closed answer of every use case that throttles (SPEC §2 rule 11). */
final class ThrottleGuard {
    private ThrottleGuard() {
    }

    /** Runs {@code work}; when the throttle store is down and the policy fails closed, answers {@code unavailable}. */
    static <T> T unlessDown(Supplier<T> work, Supplier<T> unavailable) {
        try {
            return work.get();
        } catch (ThrottleUnavailableException e) {
            return unavailable.get();
        }
    }
}
