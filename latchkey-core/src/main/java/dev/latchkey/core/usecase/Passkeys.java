package dev.latchkey.core.usecase;

import dev.latchkey.core.audit.AuditEventType;
import dev.latchkey.core.challenge.AuthMethod;
import dev.latchkey.core.challenge.Challenge;
import dev.latchkey.core.challenge.ChallengeState;
import dev.latchkey.core.challenge.Purpose;
import dev.latchkey.core.challenge.RefusalReason;
import dev.latchkey.core.challenge.RequestId;
import dev.latchkey.core.challenge.RequesterContext;
import dev.latchkey.core.config.SupportedLocales;
import dev.latchkey.core.delivery.BrowserFamily;
import dev.latchkey.core.delivery.OutboxEntry;
import dev.latchkey.core.delivery.OutboxKind;
import dev.latchkey.core.identity.Identifier;
import dev.latchkey.core.identity.User;
import dev.latchkey.core.identity.UserId;
import dev.latchkey.core.passkey.AddPasskeyOutcome;
import dev.latchkey.core.passkey.AssertionVerifier;
import dev.latchkey.core.passkey.Ceremony;
import dev.latchkey.core.passkey.CredentialId;
import dev.latchkey.core.passkey.Passkey;
import dev.latchkey.core.passkey.PasskeySignInOutcome;
import dev.latchkey.core.passkey.RenameOutcome;
import dev.latchkey.core.passkey.UserHandle;
import dev.latchkey.core.passkey.VerifiedAssertion;
import dev.latchkey.core.passkey.VerifiedRegistration;
import dev.latchkey.core.session.ApiSessions;
import dev.latchkey.core.session.UserSessions;
import dev.latchkey.core.spi.CeremonyStore;
import dev.latchkey.core.spi.PasskeyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Passkeys (SPEC §10): a link or code proves the address once, then a passkey signs in with one
 * touch. This class owns the rules; the adapter's WebAuthn library only checks signatures.
 * <ul>
 *   <li>Only a signed-in user whose sign-in is fresh ({@code passkeys.fresh-login}) adds one. The
 *       passkey, its {@code PASSKEY_ADDED} audit row and the notice to the account's address commit
 *       in one transaction.</li>
 *   <li>A sign-in refuses unknown credentials, failed assertions and a signature counter that did
 *       not go up (audited), counts each failure toward the per-IP failure window, refuses disabled
 *       or vetoed accounts (rule 14) and records the use with a compare-and-set on the counter.</li>
 *   <li>The JSON API's ceremonies are single use and last five minutes; the client holds a random
 *       id that is stored only as a digest.</li>
 * </ul>
 */
public final class Passkeys {
    /** How long a JSON API ceremony may take (SPEC §10). */
    public static final Duration CEREMONY_TTL = Duration.ofMinutes(5);

    private final UseCaseContext ctx;
    private final UserSessions sessions;
    private final PasskeyStore store;
    private final CeremonyStore ceremonies;
    private final FreshSignIn freshSignIn;

    /**
     * @param sessions the session owner, which ends what an account has when it may no longer sign in
     * @param freshSignIn how recent a sign-in must be to add a passkey ({@code passkeys.fresh-login})
     */
    public Passkeys(UseCaseContext ctx, UserSessions sessions, PasskeyStore store, CeremonyStore ceremonies,
                    FreshSignIn freshSignIn) {
        this.ctx = ctx;
        this.sessions = sessions;
        this.store = store;
        this.ceremonies = ceremonies;
        this.freshSignIn = freshSignIn;
    }

    /** Whether a sign-in made at {@code signedInAt} may add a passkey now. */
    public boolean mayRegister(@Nullable Instant signedInAt) {
        return freshSignIn.isFresh(signedInAt);
    }

    /** The user's handle for authenticators: the stored one, or 32 fresh random bytes stored now. */
    public UserHandle userHandle(UserId user) {
        return store.findUserHandle(user).orElseGet(() -> store.userHandle(user, UserHandle.generate(ctx.random)));
    }

    /** The account a handle names. */
    public Optional<UserId> userOf(UserHandle handle) {
        return store.findUser(handle);
    }

    /** The user's passkeys, oldest first. */
    public List<Passkey> list(UserId user) {
        return store.list(user);
    }

    /** The passkey with this credential id, whoever holds it. */
    public Optional<Passkey> find(CredentialId id) {
        return store.find(id);
    }

    /**
     * Adds a checked credential to {@code user}'s account. A blank label becomes the browser's
     * family, e.g. {@code Chrome on Android}.
     *
     * @param signedInAt when the user signed in; an unknown time is never fresh
     */
    public AddPasskeyOutcome add(UserId user, @Nullable Instant signedInAt, VerifiedRegistration registration,
                                 @Nullable String label, RequesterContext requester) {
        if (!freshSignIn.isFresh(signedInAt)) {
            return new AddPasskeyOutcome.NotFresh();
        }
        Optional<User> account = ctx.users.findById(user);
        RefusalReason refusal = account.isEmpty() ? RefusalReason.NO_ACCOUNT : ctx.standing.refusalFor(account.get());
        if (refusal != null) {
            return new AddPasskeyOutcome.Refused(refusal);
        }
        String name = label == null || label.isBlank() ? BrowserFamily.of(requester.userAgent()) : label.strip();
        String problem = labelProblem(name);
        if (problem != null) {
            return new AddPasskeyOutcome.InvalidLabel(problem);
        }
        if (store.find(registration.id()).isPresent()) {
            return new AddPasskeyOutcome.Duplicate();
        }
        Instant now = ctx.clock.instant();
        Passkey passkey = new Passkey(registration.id(), user, userHandle(user), registration.publicKeyCose(),
                registration.signatureCount(), registration.userVerified(), registration.transports(),
                registration.backupEligible(), registration.backupState(), registration.attestationObject(),
                registration.clientDataJson(), name, now, null);
        Identifier address = account.get().email();
        ctx.transactions.inTransaction(() -> {
            store.add(passkey);
            if (address != null) {
                queueNotice(account.get(), address, requester, now);
            }
            ctx.audit.publish(AuditEventType.PASSKEY_ADDED, user, address, requester, now, auditName(passkey.id()));
            return null;
        });
        if (address != null) {
            ctx.onMessageQueued.run();
        }
        return new AddPasskeyOutcome.Added(passkey);
    }

    /**
     * The outbox refers to a challenge, so the notice gets one of its own: consumed from the start,
     * with no link or code, it can never be redeemed. It speaks the account's stored locale (SPEC §14).
     */
    private void queueNotice(User user, Identifier address, RequesterContext requester, Instant now) {
        Challenge anchor = new Challenge(RequestId.generate(ctx.random), Purpose.NOTICE, address, user.id(), null, null,
                null, null, null, requester, now, now.plus(ctx.config.challenge().ttl()), 0, 0, 0, ChallengeState.CONSUMED,
                ctx.config.locales().match(user.locale()).orElse(SupportedLocales.FALLBACK));
        ctx.challenges.insert(anchor);
        ctx.outbox.enqueue(OutboxEntry.queue(UUID.randomUUID().toString(), anchor.id(), address, requester, now,
                OutboxKind.PASSKEY_ADDED_NOTICE));
    }

    /** Renames one of {@code user}'s passkeys. */
    public RenameOutcome rename(UserId user, CredentialId id, String label) {
        String name = label.strip();
        if (name.isEmpty() || labelProblem(name) != null) {
            return RenameOutcome.INVALID_LABEL;
        }
        return store.rename(user, id, name) ? RenameOutcome.RENAMED : RenameOutcome.NOT_FOUND;
    }

    /** Removes one of {@code user}'s passkeys, with its {@code PASSKEY_REMOVED} audit row. False when it has none with this id. */
    public boolean remove(UserId user, CredentialId id, RequesterContext requester) {
        Instant now = ctx.clock.instant();
        return ctx.transactions.inTransaction(() -> {
            if (!store.remove(user, id)) {
                return false;
            }
            ctx.audit.publish(AuditEventType.PASSKEY_REMOVED, user, null, requester, now, auditName(id));
            return true;
        });
    }

    /**
     * Signs in with the passkey named by {@code id}, once {@code verifier} has checked the assertion
     * against it.
     */
    public PasskeySignInOutcome signIn(CredentialId id, AssertionVerifier verifier, RequesterContext requester) {
        return signIn(id, verifier, requester, null);
    }

    /**
     * {@link #signIn(CredentialId, AssertionVerifier, RequesterContext)} for the JSON API: the API session of
     * {@code api} is written in the transaction that records the use, as a link or code exchange does.
     */
    public PasskeySignInOutcome signIn(CredentialId id, AssertionVerifier verifier, RequesterContext requester,
                                       @Nullable ApiSessions api) {
        return ThrottleGuard.unlessDown(() -> run(id, verifier, requester, api), PasskeySignInOutcome.Unavailable::new);
    }

    private PasskeySignInOutcome run(CredentialId id, AssertionVerifier verifier, RequesterContext requester,
                                     @Nullable ApiSessions api) {
        Instant now = ctx.clock.instant();
        Optional<Duration> locked = ctx.throttles.ipLockedFor(requester.ip(), now);
        if (locked.isPresent()) {
            ctx.audit.publish(AuditEventType.LOGIN_FAILED, null, null, requester, now, "locked");
            return new PasskeySignInOutcome.Locked(locked.get());
        }
        Optional<Passkey> found = store.find(id);
        Optional<User> account = found.flatMap(p -> ctx.users.findById(p.userId()));
        if (account.isEmpty()) {
            failed(null, requester, now, "unknown_passkey");
            return new PasskeySignInOutcome.UnknownCredential();
        }
        Passkey passkey = found.get();
        User user = account.get();
        Optional<VerifiedAssertion> checked = verifier.verify(passkey);
        if (checked.isEmpty()) {
            failed(user, requester, now, "bad_assertion");
            return new PasskeySignInOutcome.BadAssertion();
        }
        VerifiedAssertion assertion = checked.get();
        if (counterRegressed(passkey.signatureCount(), assertion.signatureCount())) {
            failed(user, requester, now, "counter_regressed");
            return new PasskeySignInOutcome.CounterRegressed();
        }
        RefusalReason refusal = ctx.standing.refusalFor(user);
        if (refusal != null) {
            // A veto also ends what the account already has (SPEC §2 rule 13).
            sessions.endAll(user.id(), AccountStanding.endReason(refusal));
            ctx.audit.publish(AuditEventType.LOGIN_FAILED, user.id(), user.email(), requester, now,
                    "refused_" + refusal.name().toLowerCase(Locale.ROOT));
            return new PasskeySignInOutcome.Refused(refusal);
        }
        AuthMethod method = AuthMethod.passkey(passkey.synced(), assertion.userVerified());
        ApiSessions.Prepared session = api == null ? null : api.prepare(user.id(), method, now);
        boolean recorded = ctx.transactions.inTransaction(() -> {
            // Of two sign-ins with one counter value, only the first is recorded: the other is a replay.
            if (!store.recordUse(id, passkey.signatureCount(), assertion.signatureCount(), assertion.backupState(), now)) {
                return false;
            }
            ctx.users.recordSignIn(user.id(), now);
            ctx.audit.publish(AuditEventType.LOGIN_SUCCEEDED, user.id(), user.email(), requester, now, method.auditName());
            if (session != null) {
                api.open(session);
            }
            return true;
        });
        if (!recorded) {
            failed(user, requester, now, "counter_regressed");
            return new PasskeySignInOutcome.CounterRegressed();
        }
        return new PasskeySignInOutcome.SignedIn(user.withLastLoginAt(now), method,
                session == null ? null : session.issued());
    }

    /**
     * Records a sign-in whose ceremony was unknown, expired or already used: a failure like any
     * other, counted toward the IP's failure window and audited.
     */
    public void ceremonyFailed(RequesterContext requester) {
        ThrottleGuard.unlessDown(() -> {
            failed(null, requester, ctx.clock.instant(), "unknown_ceremony");
            return null;
        }, () -> null);
    }

    /**
     * WebAuthn §6.1.1: when either counter is not zero, the new one must be greater; otherwise the
     * authenticator may have been cloned. Authenticators that keep no counter send 0 every time.
     */
    private static boolean counterRegressed(long stored, long presented) {
        return (stored != 0 || presented != 0) && presented <= stored;
    }

    private void failed(@Nullable User user, RequesterContext requester, Instant now, String reason) {
        ctx.throttles.recordIpFailure(requester.ip(), now);
        ctx.audit.publish(AuditEventType.LOGIN_FAILED, user == null ? null : user.id(), user == null ? null : user.email(),
                requester, now, reason);
    }

    /**
     * Opens a JSON API ceremony holding the options sent to the client. Returns its id, a random
     * bearer handle for five minutes that is stored only as a digest.
     */
    public String openCeremony(Ceremony.Purpose purpose, @Nullable UserId user, String optionsJson) {
        byte[] bytes = new byte[32];
        ctx.random.nextBytes(bytes);
        String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        ceremonies.save(new Ceremony(ctx.digests.ceremony(id), purpose, user, optionsJson,
                ctx.clock.instant().plus(CEREMONY_TTL)));
        return id;
    }

    /**
     * Takes the open ceremony with this id, once: a second take, or one after five minutes, finds
     * nothing. It must have this purpose and belong to {@code user} (null for an authentication).
     */
    public Optional<Ceremony> takeCeremony(String id, Ceremony.Purpose purpose, @Nullable UserId user) {
        if (id.isEmpty() || id.length() > 64) {
            return Optional.empty();
        }
        return ceremonies.take(ctx.digests.ceremony(id), ctx.clock.instant())
                .filter(c -> c.purpose() == purpose && Objects.equals(c.userId(), user));
    }

    /** The credential id as an audit reason: audit stores keep short reasons, and 32 characters name a credential. */
    private static String auditName(CredentialId id) {
        String value = id.value();
        return value.length() <= 32 ? value : value.substring(0, 32);
    }

    private static @Nullable String labelProblem(String label) {
        if (label.length() > Passkey.MAX_LABEL_LENGTH) {
            return "Use at most " + Passkey.MAX_LABEL_LENGTH + " characters for the name.";
        }
        if (label.chars().anyMatch(Character::isISOControl)) {
            return "The name cannot hold control characters.";
        }
        return null;
    }
}
