package dev.latchkey.core.challenge;

import dev.latchkey.core.identity.Identifier;
import dev.latchkey.core.identity.UserId;
import dev.latchkey.core.secret.Digest;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One sign-in (or email-change) request as stored. It holds digests, never a token or code.
 *
 * @param id public request id
 * @param purpose what the challenge is for
 * @param identifier where the message goes
 * @param userId the account, when known at request time (always for {@code change_email})
 * @param linkDigest HMAC of the link token, set when the message is sent
 * @param codeDigest HMAC of purpose, id and code, set when the message is sent
 * @param bindingDigest digest of the asking browser's binding secret, or null
 * @param codeChallenge PKCE S256 challenge, or null
 * @param next where to go after sign-in, already validated by the adapter, or null
 * @param requester where the request came from
 * @param createdAt when it was requested
 * @param expiresAt when it stops working
 * @param attempts codes checked so far
 * @param uses successful redemptions so far
 * @param maxUses successful redemptions allowed
 * @param state where it is in its life
 * @param locale the language its message is written in: the request's resolved locale (SPEC §14)
 */
public record Challenge(
        RequestId id,
        Purpose purpose,
        Identifier identifier,
        @Nullable UserId userId,
        @Nullable Digest linkDigest,
        @Nullable Digest codeDigest,
        @Nullable Digest bindingDigest,
        @Nullable String codeChallenge,
        @Nullable String next,
        RequesterContext requester,
        Instant createdAt,
        Instant expiresAt,
        int attempts,
        int uses,
        int maxUses,
        ChallengeState state,
        Locale locale) {

    public Challenge {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(identifier, "identifier");
        Objects.requireNonNull(requester, "requester");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(locale, "locale");
    }

    /** Whether it can still be redeemed at {@code now}, before any store-side check. */
    public boolean redeemableAt(Instant now) {
        return state == ChallengeState.PENDING && now.isBefore(expiresAt) && uses < maxUses;
    }

    public Challenge withSecrets(@Nullable Digest link, @Nullable Digest code) {
        return new Challenge(id, purpose, identifier, userId, link, code, bindingDigest, codeChallenge, next,
                requester, createdAt, expiresAt, attempts, uses, maxUses, state, locale);
    }

    public Challenge withAttempts(int newAttempts) {
        return new Challenge(id, purpose, identifier, userId, linkDigest, codeDigest, bindingDigest, codeChallenge,
                next, requester, createdAt, expiresAt, newAttempts, uses, maxUses, state, locale);
    }

    /** One more use; consumed when that was the last one allowed. */
    public Challenge withUseSpent() {
        int spent = uses + 1;
        return new Challenge(id, purpose, identifier, userId, linkDigest, codeDigest, bindingDigest, codeChallenge,
                next, requester, createdAt, expiresAt, attempts, spent, maxUses,
                spent >= maxUses ? ChallengeState.CONSUMED : state, locale);
    }

    public Challenge withState(ChallengeState newState) {
        return new Challenge(id, purpose, identifier, userId, linkDigest, codeDigest, bindingDigest, codeChallenge,
                next, requester, createdAt, expiresAt, attempts, uses, maxUses, newState, locale);
    }
}
