package dev.latchkey.core.usecase;

import dev.latchkey.core.audit.AuditEventType;
import dev.latchkey.core.challenge.AuthMethod;
import dev.latchkey.core.challenge.Challenge;
import dev.latchkey.core.challenge.ChallengeState;
import dev.latchkey.core.challenge.Proof;
import dev.latchkey.core.challenge.Purpose;
import dev.latchkey.core.challenge.RedemptionOutcome;
import dev.latchkey.core.challenge.RefusalReason;
import dev.latchkey.core.challenge.RequestId;
import dev.latchkey.core.challenge.RequesterContext;
import dev.latchkey.core.config.LinkBinding;
import dev.latchkey.core.config.Registration;
import dev.latchkey.core.identity.Identifier;
import dev.latchkey.core.identity.User;
import dev.latchkey.core.identity.UserId;
import dev.latchkey.core.secret.Code;
import dev.latchkey.core.secret.Digest;
import dev.latchkey.core.secret.Pkce;
import dev.latchkey.core.session.UserSessions;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;

/**
 * Redeems a sign-in challenge by its link, by its code, or either with a PKCE verifier. The winning
 * use, the account, the revocation of other challenges, the failure reset and the
 * {@code LOGIN_SUCCEEDED} audit row commit together in one transaction.
 */
public final class Redemption {
    private final UseCaseContext ctx;
    private final UserSessions sessions;

    /** @param sessions the session owner, which ends what an account has when it may no longer sign in */
    public Redemption(UseCaseContext ctx, UserSessions sessions) {
        this.ctx = ctx;
        this.sessions = sessions;
    }

    /**
     * Redeems a sign-in link's token. Never call this for a plain GET (SPEC §2 rule 7). A link is not
     * held back by the failure lockout, which refuses codes only (rule 4).
     */
    public RedemptionOutcome link(String token, Proof proof) {
        return ThrottleGuard.unlessDown(() -> redeemLink(token, proof), RedemptionOutcome.Unavailable::new);
    }

    /** Redeems a typed code for the challenge with this public request id. */
    public RedemptionOutcome code(String requestId, String code, Proof proof) {
        if (!RequestId.isWellFormed(requestId)) {
            return new RedemptionOutcome.NotFound();
        }
        return ThrottleGuard.unlessDown(() -> ctx.challenges.findById(new RequestId(requestId))
                .filter(c -> c.purpose() == Purpose.LOGIN)
                .map(c -> checkCode(c, code, proof))
                .orElseGet(RedemptionOutcome.NotFound::new), RedemptionOutcome.Unavailable::new);
    }

    /** Redeems a typed code for the newest pending challenge of {@code identifier}. */
    public RedemptionOutcome code(Identifier identifier, String code, Proof proof) {
        return ThrottleGuard.unlessDown(() -> ctx.challenges.findNewestPending(identifier, Purpose.LOGIN,
                        ctx.clock.instant())
                .map(c -> checkCode(c, code, proof))
                .orElseGet(RedemptionOutcome.NotFound::new), RedemptionOutcome.Unavailable::new);
    }

    private RedemptionOutcome redeemLink(String token, Proof proof) {
        Optional<Challenge> found = ctx.links.find(Purpose.LOGIN, token);
        if (found.isEmpty()) {
            return new RedemptionOutcome.NotFound();
        }
        Challenge challenge = found.get();
        Instant now = ctx.clock.instant();
        // No failure lockout: a link cannot be guessed, so strangers' wrong codes never keep its owner out (rule 4).
        RedemptionOutcome problem = ChallengeStates.problem(challenge, now);
        if (problem != null) {
            return problem;
        }
        // Only a browser request sets a binding; API clients prove themselves with PKCE instead.
        if (ctx.config.link().binding() == LinkBinding.REQUIRE && challenge.bindingDigest() != null
                && !ctx.links.sameBrowser(challenge, proof.binding())) {
            return new RedemptionOutcome.BindingMismatch();
        }
        if (challenge.codeChallenge() != null) {
            OptionalInt attempts = ctx.challenges.countAttempt(challenge.id(), ctx.config.challenge().maxAttempts(), now);
            if (attempts.isEmpty()) {
                return ctx.states.afterLostRace(challenge.id(), now);
            }
            if (!pkceHolds(challenge, proof)) {
                return pkceFailed(challenge, attempts.getAsInt(), proof, now);
            }
        }
        return signIn(challenge, AuthMethod.LINK, proof, now);
    }

    private RedemptionOutcome checkCode(Challenge challenge, String input, Proof proof) {
        Instant now = ctx.clock.instant();
        RedemptionOutcome blocked = blocked(challenge, proof, now);
        if (blocked != null) {
            return blocked;
        }
        // Counted before comparing, so no number of guesses can go uncounted (SPEC §2 rule 4).
        OptionalInt attempts = ctx.challenges.countAttempt(challenge.id(), ctx.config.challenge().maxAttempts(), now);
        if (attempts.isEmpty()) {
            return ctx.states.afterLostRace(challenge.id(), now);
        }
        if (challenge.codeChallenge() != null && !pkceHolds(challenge, proof)) {
            return pkceFailed(challenge, attempts.getAsInt(), proof, now);
        }
        Code code = Code.fromInput(input, ctx.config.code());
        Digest stored = challenge.codeDigest();
        if (stored == null || !ctx.digests.codeMatches(stored, challenge.purpose().key(), challenge.id().value(), code)) {
            return failed(challenge, attempts.getAsInt(), proof, now, "wrong_code");
        }
        return signIn(challenge, AuthMethod.CODE, proof, now);
    }

    /**
     * Why a code cannot be tried at all right now, or null when it can: the challenge's state, or the
     * failure lockout of its identifier or the caller's IP, which refuses codes only (SPEC §2 rule 4).
     */
    private @Nullable RedemptionOutcome blocked(Challenge challenge, Proof proof, Instant now) {
        RedemptionOutcome problem = ChallengeStates.problem(challenge, now);
        if (problem != null) {
            return problem;
        }
        Optional<Duration> locked = ctx.throttles.lockedFor(challenge.identifier(), proof.requester().ip(), now);
        if (locked.isPresent()) {
            ctx.audit.publish(AuditEventType.LOGIN_FAILED, challenge.userId(), challenge.identifier(), proof.requester(),
                    now, "locked");
            return new RedemptionOutcome.Locked(locked.get());
        }
        return null;
    }

    private RedemptionOutcome pkceFailed(Challenge challenge, int attempts, Proof proof, Instant now) {
        RedemptionOutcome failure = failed(challenge, attempts, proof, now, "pkce_failed");
        return failure instanceof RedemptionOutcome.WrongCode ? new RedemptionOutcome.PkceFailed() : failure;
    }

    private RedemptionOutcome failed(Challenge challenge, int attempts, Proof proof, Instant now, String reason) {
        RequesterContext requester = proof.requester();
        if (ctx.throttles.recordFailure(challenge.identifier(), requester.ip(), now)) {
            ctx.audit.publish(AuditEventType.IDENTIFIER_LOCKED, challenge.userId(), challenge.identifier(), requester,
                    now, reason);
        }
        ctx.audit.publish(AuditEventType.LOGIN_FAILED, challenge.userId(), challenge.identifier(), requester, now, reason);
        int maxAttempts = ctx.config.challenge().maxAttempts();
        if (attempts >= maxAttempts) {
            if (ctx.challenges.finish(challenge.id(), ChallengeState.EXHAUSTED)) {
                ctx.audit.publish(AuditEventType.CHALLENGE_EXHAUSTED, challenge.userId(), challenge.identifier(),
                        requester, now, reason);
            }
            return new RedemptionOutcome.Exhausted();
        }
        // djoser's INCORRECT_SHORT_TOKEN_REDEEMS_TOKEN: a wrong code also spends a use.
        if (ctx.config.challenge().wrongCodeBurns() && ctx.challenges.spendUse(challenge.id(), now)
                && ctx.challenges.findById(challenge.id()).filter(c -> c.state() == ChallengeState.CONSUMED).isPresent()) {
            return new RedemptionOutcome.Spent();
        }
        return new RedemptionOutcome.WrongCode(maxAttempts - attempts);
    }

    private RedemptionOutcome signIn(Challenge challenge, AuthMethod method, Proof proof, Instant now) {
        Optional<User> existing = challenge.userId() != null
                ? ctx.users.findById(challenge.userId())
                : ctx.users.findByIdentifier(challenge.identifier());
        if (existing.isEmpty() && ctx.config.registration() == Registration.CLOSED) {
            return ctx.standing.refuse(challenge, proof.requester(), now, RefusalReason.NO_ACCOUNT);
        }
        User candidate = existing.orElseGet(() -> User.create(UserId.generate(ctx.random, now.toEpochMilli()),
                challenge.identifier(), now));
        RefusalReason refusal = ctx.standing.refusalFor(candidate);
        if (refusal != null) {
            // A veto also ends what the account already has (SPEC §2 rule 13).
            existing.ifPresent(user -> sessions.endAll(user.id(), AccountStanding.endReason(refusal)));
            return ctx.standing.refuse(challenge, proof.requester(), now, refusal);
        }
        // The winning use and everything it implies, audit row included, commit together: one transaction.
        Optional<User> signedIn = ctx.transactions.inTransaction(() -> {
            if (!ctx.challenges.spendUse(challenge.id(), now)) {
                return Optional.<User>empty();
            }
            User user = existing.orElseGet(() -> ctx.users.createIfAbsent(challenge.identifier(), candidate.id(), now));
            ctx.users.recordSignIn(user.id(), now);
            // One sign-in ends every other way in for this identifier (SPEC §2 rule 5).
            ctx.challenges.revokePending(challenge.identifier(), challenge.purpose(), null, challenge.id());
            ctx.throttles.resetFailures(challenge.identifier());
            ctx.audit.publish(AuditEventType.LOGIN_SUCCEEDED, user.id(), challenge.identifier(), proof.requester(), now,
                    method.auditName());
            return Optional.of(user);
        });
        if (signedIn.isEmpty()) {
            return ctx.states.afterLostRace(challenge.id(), now);
        }
        return new RedemptionOutcome.SignedIn(signedIn.get().withLastLoginAt(now), method, challenge.next());
    }

    private static boolean pkceHolds(Challenge challenge, Proof proof) {
        return proof.codeVerifier() != null && Pkce.verify(Objects.requireNonNull(challenge.codeChallenge()),
                proof.codeVerifier());
    }
}
