package dev.latchkey.core.usecase;

import dev.latchkey.core.audit.AuditEventType;
import dev.latchkey.core.challenge.Challenge;
import dev.latchkey.core.challenge.ChallengeState;
import dev.latchkey.core.challenge.DenyOutcome;
import dev.latchkey.core.challenge.Purpose;
import dev.latchkey.core.challenge.RequesterContext;
import java.util.Optional;

/**
 * "This wasn't me": the challenge of this link can no longer be used, by link or by code. Denying
 * it and its {@code LOGIN_DENIED_BY_USER} audit row commit together.
 */
public final class Deny {
    private final UseCaseContext ctx;

    public Deny(UseCaseContext ctx) {
        this.ctx = ctx;
    }

    public DenyOutcome deny(String token, RequesterContext requester) {
        Optional<Challenge> found = ctx.links.find(Purpose.LOGIN, token);
        if (found.isEmpty()) {
            return DenyOutcome.NOT_FOUND;
        }
        Challenge challenge = found.get();
        return ctx.transactions.inTransaction(() -> {
            if (!ctx.challenges.finish(challenge.id(), ChallengeState.DENIED)) {
                return DenyOutcome.NOT_FOUND;
            }
            ctx.audit.publish(AuditEventType.LOGIN_DENIED_BY_USER, challenge.userId(), challenge.identifier(),
                    requester, ctx.clock.instant(), null);
            return DenyOutcome.DENIED;
        });
    }
}
