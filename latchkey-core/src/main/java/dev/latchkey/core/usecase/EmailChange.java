package dev.latchkey.core.usecase;

import dev.latchkey.core.audit.AuditEventType;
import dev.latchkey.core.challenge.Challenge;
import dev.latchkey.core.challenge.EmailChangeOutcome;
import dev.latchkey.core.challenge.Proof;
import dev.latchkey.core.challenge.Purpose;
import dev.latchkey.core.challenge.RedemptionOutcome;
import dev.latchkey.core.challenge.RefusalReason;
import dev.latchkey.core.delivery.OutboxEntry;
import dev.latchkey.core.delivery.OutboxKind;
import dev.latchkey.core.identity.EmailAddress;
import dev.latchkey.core.identity.User;
import dev.latchkey.core.spi.IdentifierTakenException;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Confirms an email change from the link sent to the new address: the account takes the new
 * address (the unique constraint decides races) and the previous address gets a notice. Spending
 * the link, changing the address, revoking the user's other changes to it, queuing the notice and
 * the {@code EMAIL_CHANGED} audit row commit together, or nothing does (on stores with
 * transactions; the in-memory ones have none). Asking for a change is a {@link RequestSignIn}.
 */
public final class EmailChange {
    private final UseCaseContext ctx;

    public EmailChange(UseCaseContext ctx) {
        this.ctx = ctx;
    }

    public EmailChangeOutcome confirm(String token, Proof proof) {
        return ThrottleGuard.unlessDown(() -> run(token, proof),
                () -> new EmailChangeOutcome.Failed(new RedemptionOutcome.Unavailable()));
    }

    private EmailChangeOutcome run(String token, Proof proof) {
        Optional<Challenge> found = ctx.links.find(Purpose.CHANGE_EMAIL, token);
        if (found.isEmpty()) {
            return new EmailChangeOutcome.Failed(new RedemptionOutcome.NotFound());
        }
        Challenge challenge = found.get();
        Instant now = ctx.clock.instant();
        RedemptionOutcome problem = ChallengeStates.problem(challenge, now);
        if (problem != null) {
            return new EmailChangeOutcome.Failed(problem);
        }
        Optional<User> account = Optional.ofNullable(challenge.userId()).flatMap(ctx.users::findById);
        RefusalReason refusal = account.isEmpty() ? RefusalReason.NO_ACCOUNT : ctx.standing.refusalFor(account.get());
        if (refusal != null) {
            return new EmailChangeOutcome.Failed(ctx.standing.refuse(challenge, proof.requester(), now, refusal));
        }
        User user = account.get();
        EmailAddress newAddress = (EmailAddress) challenge.identifier();
        if (ctx.users.findByIdentifier(newAddress).filter(holder -> !holder.id().equals(user.id())).isPresent()) {
            return new EmailChangeOutcome.Taken();
        }
        EmailAddress previous = user.email();
        boolean spent;
        try {
            // Spent first: its row lock orders racers before the notice's foreign key check shares that row
            // (the other way round, two racers' shared locks deadlock on InnoDB).
            spent = ctx.transactions.inTransaction(() -> {
                if (!ctx.challenges.spendUse(challenge.id(), now)) {
                    return false;
                }
                // Another account may have taken the address since the check: the unique constraint decides.
                ctx.users.changeEmail(user.id(), newAddress);
                ctx.challenges.revokePending(newAddress, Purpose.CHANGE_EMAIL, user.id(), challenge.id());
                if (previous != null) {
                    ctx.outbox.enqueue(OutboxEntry.queue(UUID.randomUUID().toString(), challenge.id(), previous,
                            proof.requester(), now, OutboxKind.EMAIL_CHANGED_NOTICE));
                }
                ctx.audit.publish(AuditEventType.EMAIL_CHANGED, user.id(), newAddress, proof.requester(), now, null);
                return true;
            });
        } catch (IdentifierTakenException e) {
            return new EmailChangeOutcome.Taken();
        }
        if (!spent) {
            return new EmailChangeOutcome.Failed(ctx.states.afterLostRace(challenge.id(), now));
        }
        if (previous != null) {
            ctx.onMessageQueued.run();
        }
        return new EmailChangeOutcome.Changed(user.withEmail(newAddress), previous);
    }
}
