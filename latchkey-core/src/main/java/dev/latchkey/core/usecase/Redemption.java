package dev.latchkey.core.usecase;

import dev.latchkey.core.audit.AuditEvent;
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
import dev.latchkey.core.session.ApiSessions;
import dev.latchkey.core.session.UserSessions;
import dev.latchkey.core.spi.SignInStore;
import dev.latchkey.core.spi.SignInStore.Redeemable;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;

/**
 * Redeems a sign-in challenge by its link, by its code, or either with a PKCE verifier. The winning
 * use, the account, the revocation of other challenges, the failure reset, the
 * {@code LOGIN_SUCCEEDED} audit row and, for the JSON API, the API session and its refresh token
 * commit together in one transaction (SPEC §8), through the {@link SignInStore}.
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
    public RedemptionOutcome link(String token, Proof proof, @Nullable ApiSessions api) {
        return ThrottleGuard.unlessDown(() -> redeemLink(token, proof, api), RedemptionOutcome.Unavailable::new);
    }

    /** Redeems a typed code for the challenge with this public request id. */
    public RedemptionOutcome code(String requestId, String code, Proof proof, @Nullable ApiSessions api) {
        if (!RequestId.isWellFormed(requestId)) {
            return new RedemptionOutcome.NotFound();
        }
        return ThrottleGuard.unlessDown(() -> ctx.challenges.findById(new RequestId(requestId))
                .filter(c -> c.purpose() == Purpose.LOGIN)
                .map(c -> checkCode(c, code, proof, api))
                .orElseGet(RedemptionOutcome.NotFound::new), RedemptionOutcome.Unavailable::new);
    }

    /** Redeems a typed code for the newest pending challenge of {@code identifier}. */
    public RedemptionOutcome code(Identifier identifier, String code, Proof proof, @Nullable ApiSessions api) {
        return ThrottleGuard.unlessDown(() -> ctx.challenges.findNewestPending(identifier, Purpose.LOGIN,
                        ctx.clock.instant())
                .map(c -> checkCode(c, code, proof, api))
                .orElseGet(RedemptionOutcome.NotFound::new), RedemptionOutcome.Unavailable::new);
    }

    private RedemptionOutcome redeemLink(String token, Proof proof, @Nullable ApiSessions api) {
        Optional<Redeemable> found = ctx.links.findRedeemable(Purpose.LOGIN, token);
        if (found.isEmpty()) {
            return new RedemptionOutcome.NotFound();
        }
        Challenge challenge = found.get().challenge();
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
        return signIn(found.get(), AuthMethod.LINK, proof, now, api);
    }

    private RedemptionOutcome checkCode(Challenge challenge, String input, Proof proof, @Nullable ApiSessions api) {
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
        return signIn(ctx.stepwise.redeemable(challenge), AuthMethod.CODE, proof, now, api);
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

    private RedemptionOutcome signIn(Redeemable redeemable, AuthMethod method, Proof proof, Instant now,
                                     @Nullable ApiSessions api) {
        Challenge challenge = redeemable.challenge();
        Optional<User> existing = redeemable.holder();
        if (existing.isEmpty() && ctx.config.registration() == Registration.CLOSED) {
            return ctx.standing.refuse(challenge, proof.requester(), now, RefusalReason.NO_ACCOUNT);
        }
        User candidate = existing.orElseGet(() -> User.create(UserId.generate(ctx.random, now.toEpochMilli()),
                challenge.identifier(), now).withLocale(challenge.locale()));
        RefusalReason refusal = ctx.standing.refusalFor(candidate);
        if (refusal != null) {
            // A veto also ends what the account already has (SPEC §2 rule 13).
            existing.ifPresent(user -> sessions.endAll(user.id(), AccountStanding.endReason(refusal)));
            return ctx.standing.refuse(challenge, proof.requester(), now, refusal);
        }
        ApiSessions.Prepared session = api == null ? null : api.prepare(candidate.id(), method, now);
        List<String> failures = ctx.throttles.failureKeys(challenge.identifier());
        boolean failuresWithWrites = ctx.signIns.keepsThrottles();
        AuditEvent audit = Audit.event(AuditEventType.LOGIN_SUCCEEDED, candidate.id(), challenge.identifier(),
                proof.requester(), now, method.auditName());
        // The winning use and everything it implies, audit row and API session included, commit together.
        Optional<UserId> signedIn = ctx.signIns.signIn(new SignInStore.SignInRows(challenge.id(), now,
                challenge.identifier(), challenge.purpose(), candidate.id(), existing.isEmpty(),
                failuresWithWrites ? failures : List.of(), audit, session == null ? null : session.rows(),
                challenge.locale()));
        if (signedIn.isEmpty()) {
            return ctx.states.afterLostRace(challenge.id(), now);
        }
        UserId user = signedIn.get();
        if (!failuresWithWrites) {
            // One sign-in forgets the identifier's failures (SPEC §2 rule 4).
            ctx.throttles.reset(failures);
        }
        ctx.audit.announce(audit.forUser(user));
        User account = user.equals(candidate.id()) ? candidate : ctx.users.findById(user).orElse(candidate);
        return new RedemptionOutcome.SignedIn(account.withLastLoginAt(now), method, challenge.next(),
                session == null ? null : session.forUser(user).issued());
    }

    private static boolean pkceHolds(Challenge challenge, Proof proof) {
        return proof.codeVerifier() != null && Pkce.verify(Objects.requireNonNull(challenge.codeChallenge()),
                proof.codeVerifier());
    }
}
