package dev.latchkey.core.usecase;

import dev.latchkey.core.challenge.Challenge;
import dev.latchkey.core.challenge.RedemptionOutcome;
import dev.latchkey.core.challenge.RequestId;
import dev.latchkey.core.spi.ChallengeStore;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** Why a challenge cannot be used now, for every use case that redeems or shows one. */
final class ChallengeStates {
    private final ChallengeStore challenges;

    ChallengeStates(ChallengeStore challenges) {
        this.challenges = challenges;
    }

    /** Why {@code challenge} cannot be used at {@code now}, or null when it can. */
    static @Nullable RedemptionOutcome problem(Challenge challenge, Instant now) {
        switch (challenge.state()) {
            case DENIED:
                return new RedemptionOutcome.Denied();
            case EXHAUSTED:
                return new RedemptionOutcome.Exhausted();
            case CONSUMED:
                return new RedemptionOutcome.Spent();
            case REVOKED:
                return new RedemptionOutcome.Revoked();
            default:
                break;
        }
        if (!now.isBefore(challenge.expiresAt())) {
            return new RedemptionOutcome.Expired();
        }
        if (challenge.uses() >= challenge.maxUses()) {
            return new RedemptionOutcome.Spent();
        }
        return null;
    }

    /** What to say when the store refused an attempt or use that looked possible: another caller changed the challenge. */
    RedemptionOutcome afterLostRace(RequestId id, Instant now) {
        return challenges.findById(id)
                .map(current -> {
                    RedemptionOutcome problem = problem(current, now);
                    return problem != null ? problem : new RedemptionOutcome.Exhausted();
                })
                .orElseGet(RedemptionOutcome.Expired::new);
    }
}
