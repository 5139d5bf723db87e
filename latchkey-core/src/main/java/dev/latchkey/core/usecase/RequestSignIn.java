package dev.latchkey.core.usecase;

import dev.latchkey.core.audit.AuditEvent;
import dev.latchkey.core.audit.AuditEventType;
import dev.latchkey.core.challenge.Challenge;
import dev.latchkey.core.challenge.ChallengeState;
import dev.latchkey.core.challenge.Purpose;
import dev.latchkey.core.challenge.RequestId;
import dev.latchkey.core.challenge.RequestOutcome;
import dev.latchkey.core.challenge.RequesterContext;
import dev.latchkey.core.challenge.SignInRequest;
import dev.latchkey.core.config.Registration;
import dev.latchkey.core.config.ResendPolicy;
import dev.latchkey.core.config.SupportedLocales;
import dev.latchkey.core.delivery.OutboxEntry;
import dev.latchkey.core.delivery.OutboxKind;
import dev.latchkey.core.identity.Channel;
import dev.latchkey.core.identity.Identifier;
import dev.latchkey.core.identity.IdentifierCheck;
import dev.latchkey.core.identity.User;
import dev.latchkey.core.identity.UserId;
import dev.latchkey.core.secret.Pkce;
import dev.latchkey.core.spi.SignInStore;
import dev.latchkey.core.throttle.ThrottleDecision;
import dev.latchkey.core.throttle.ThrottleWindow;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * Requests a sign-in (or an email change): writes a challenge and queues its message in one
 * transaction, with the revocation of older challenges and the {@code LOGIN_REQUESTED} audit row,
 * and with its throttle windows where the {@link SignInStore} keeps them.
 * Known, unknown, disabled and privileged identifiers all get {@code Accepted} after the same writes;
 * only deliverable ones get a message (SPEC §2 rule 8). No message is sent on this thread.
 */
public final class RequestSignIn {
    private final UseCaseContext ctx;

    public RequestSignIn(UseCaseContext ctx) {
        this.ctx = ctx;
    }

    /** Validates an email address or phone number as a request would, e.g. for an email-change form. */
    public IdentifierCheck checkIdentifier(Channel channel, String input) {
        return channel == Channel.EMAIL ? ctx.identifiers.email(input) : ctx.identifiers.phone(input);
    }

    public RequestOutcome request(SignInRequest request) {
        return ThrottleGuard.unlessDown(() -> run(request), RequestOutcome.Unavailable::new);
    }

    private RequestOutcome run(SignInRequest request) {
        if (!ctx.config.channels().contains(request.channel())) {
            return request.channel() == Channel.SMS
                    ? new RequestOutcome.Invalid("phone", "Sign-in by text message is not enabled.",
                            "latchkey.invalid.channel.sms")
                    : new RequestOutcome.Invalid("email", "Sign-in by email is not enabled.",
                            "latchkey.invalid.channel.email");
        }
        IdentifierCheck check = checkIdentifier(request.channel(), request.identifier());
        if (check instanceof IdentifierCheck.Invalid invalid) {
            return new RequestOutcome.Invalid(invalid.field(), invalid.reason(), invalid.key());
        }
        if (request.codeChallenge() != null && !Pkce.isWellFormedChallenge(request.codeChallenge())) {
            return new RequestOutcome.Invalid("code_challenge",
                    "code_challenge must be the base64url SHA-256 of the code verifier (43 characters).",
                    "latchkey.invalid.code.challenge");
        }
        Identifier identifier = ((IdentifierCheck.Valid) check).identifier();
        Instant now = ctx.clock.instant();
        RequesterContext requester = request.requester();
        List<ThrottleWindow> windows = ctx.throttles.requestWindows(identifier, requester.ip());
        // An email change counts before its address is looked up: a taken address answers at once (409),
        // so counting with the writes would let a signed-in user probe addresses unthrottled.
        boolean windowsWithWrites = ctx.signIns.keepsThrottles() && request.purpose() == Purpose.LOGIN;
        if (!windowsWithWrites && ctx.throttles.hit(windows, now) instanceof ThrottleDecision.Refused refused) {
            return new RequestOutcome.Throttled(refused.retryAfter());
        }
        Optional<User> holder = ctx.users.findByIdentifier(identifier);
        UserId userId;
        boolean deliverable;
        if (request.purpose() == Purpose.CHANGE_EMAIL) {
            if (holder.isPresent()) {
                return new RequestOutcome.IdentifierTaken();
            }
            userId = request.userId();
            deliverable = true;
        } else {
            userId = holder.map(User::id).orElse(null);
            deliverable = holder.map(user -> ctx.standing.refusalFor(user) == null)
                    .orElse(ctx.config.registration() == Registration.OPEN);
        }
        // SPEC §14: the first supported locale the request names, else the account's stored one, else English.
        Optional<Locale> named = ctx.config.locales().firstMatch(request.locales());
        Optional<User> account = request.purpose() == Purpose.CHANGE_EMAIL ? ctx.users.findById(userId) : holder;
        Locale locale = named.or(() -> account.flatMap(user -> ctx.config.locales().match(user.locale())))
                .orElse(SupportedLocales.FALLBACK);
        SignInStore.StoredLocale stored = named.isPresent() && account.isPresent()
                && !named.get().equals(account.get().locale())
                ? new SignInStore.StoredLocale(account.get().id(), named.get()) : null;
        Challenge challenge = new Challenge(RequestId.generate(ctx.random), request.purpose(), identifier, userId, null,
                null, request.binding() == null ? null : ctx.digests.binding(request.binding()), request.codeChallenge(),
                request.next(), requester, now, now.plus(ctx.config.challenge().ttl()), 0, 0,
                ctx.config.challenge().maxUses(), ChallengeState.PENDING, locale);
        OutboxEntry entry = OutboxEntry.queue(UUID.randomUUID().toString(), challenge.id(), identifier, requester, now,
                deliverable ? OutboxKind.MESSAGE : OutboxKind.DECOY);
        // A login's user is the identifier's holder; an email change revokes only its own user's (rule 5).
        SignInStore.Revocation revoke = ctx.config.challenge().resend() == ResendPolicy.ROTATE
                ? new SignInStore.Revocation(identifier, request.purpose(),
                        request.purpose() == Purpose.CHANGE_EMAIL ? userId : null)
                : null;
        AuditEvent audit = Audit.event(AuditEventType.LOGIN_REQUESTED, userId, identifier, requester, now,
                request.purpose().key());
        ThrottleDecision decision = ctx.signIns.request(new SignInStore.RequestRows(
                windowsWithWrites ? windows : List.of(), now, revoke, challenge, entry, audit, stored));
        if (decision instanceof ThrottleDecision.Refused refused) {
            return new RequestOutcome.Throttled(refused.retryAfter());
        }
        ctx.audit.announce(audit);
        ctx.handOver.accept(entry, challenge);
        return new RequestOutcome.Accepted(challenge.id(), ctx.config.challenge().ttl(), identifier);
    }
}
