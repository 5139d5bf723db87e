package dev.latchkey.core;

import dev.latchkey.core.audit.AuditEvent;
import dev.latchkey.core.audit.AuditEventType;
import dev.latchkey.core.audit.EventPublisher;
import dev.latchkey.core.audit.LatchkeyEventListener;
import dev.latchkey.core.challenge.AuthMethod;
import dev.latchkey.core.challenge.Challenge;
import dev.latchkey.core.challenge.ChallengeState;
import dev.latchkey.core.challenge.ChallengeView;
import dev.latchkey.core.challenge.DenyOutcome;
import dev.latchkey.core.challenge.EmailChangeOutcome;
import dev.latchkey.core.challenge.Proof;
import dev.latchkey.core.challenge.Purpose;
import dev.latchkey.core.challenge.RedemptionOutcome;
import dev.latchkey.core.challenge.RefusalReason;
import dev.latchkey.core.challenge.RequestId;
import dev.latchkey.core.challenge.RequestOutcome;
import dev.latchkey.core.challenge.RequesterContext;
import dev.latchkey.core.challenge.SignInRequest;
import dev.latchkey.core.config.LatchkeyConfig;
import dev.latchkey.core.config.LinkBinding;
import dev.latchkey.core.config.Registration;
import dev.latchkey.core.config.ResendPolicy;
import dev.latchkey.core.delivery.BrowserFamily;
import dev.latchkey.core.delivery.DefaultMessageTemplates;
import dev.latchkey.core.delivery.DeliveryObserver;
import dev.latchkey.core.delivery.DeliveryWorker;
import dev.latchkey.core.delivery.MessageSender;
import dev.latchkey.core.delivery.MessageTemplates;
import dev.latchkey.core.delivery.OutboxEntry;
import dev.latchkey.core.delivery.OutboxKind;
import dev.latchkey.core.identity.Channel;
import dev.latchkey.core.identity.EmailAddress;
import dev.latchkey.core.identity.EmailNormalizer;
import dev.latchkey.core.identity.Identifier;
import dev.latchkey.core.identity.IdentifierCheck;
import dev.latchkey.core.identity.IdentifierParser;
import dev.latchkey.core.identity.User;
import dev.latchkey.core.identity.UserId;
import dev.latchkey.core.identity.UserStatus;
import dev.latchkey.core.memory.InMemoryApiSessionStore;
import dev.latchkey.core.memory.InMemoryChallengeStore;
import dev.latchkey.core.memory.InMemoryOutboxStore;
import dev.latchkey.core.memory.InMemoryThrottleStore;
import dev.latchkey.core.memory.InMemoryUserDirectory;
import dev.latchkey.core.policy.LoginPolicy;
import dev.latchkey.core.policy.UserVerifier;
import dev.latchkey.core.secret.BindingSecret;
import dev.latchkey.core.secret.Code;
import dev.latchkey.core.secret.Digest;
import dev.latchkey.core.secret.Pkce;
import dev.latchkey.core.session.ApiSessions;
import dev.latchkey.core.session.SessionEndReason;
import dev.latchkey.core.session.UserSessions;
import dev.latchkey.core.spi.ApiSessionStore;
import dev.latchkey.core.spi.BatchedPurge;
import dev.latchkey.core.spi.ChallengeStore;
import dev.latchkey.core.spi.IdentifierTakenException;
import dev.latchkey.core.spi.OutboxStore;
import dev.latchkey.core.spi.PageSessions;
import dev.latchkey.core.spi.ThrottleStore;
import dev.latchkey.core.spi.Transactions;
import dev.latchkey.core.spi.UserDirectory;
import dev.latchkey.core.throttle.ThrottleDecision;
import dev.latchkey.core.throttle.ThrottleUnavailableException;
import dev.latchkey.core.throttle.Throttles;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The engine: request a sign-in, redeem its link or code, deny it, purge what expired. Adapters
 * (the Spring Boot starter, the server, any other framework) turn its outcomes into pages and
 * JSON; the engine itself knows no web and no SQL.
 *
 * <pre>{@code
 * Latchkey latchkey = Latchkey.builder(LatchkeyConfig.builder().secret(secret).build())
 *         .challenges(challengeStore).users(userDirectory).outbox(outboxStore)
 *         .transactions(transactions).sender(mailSender)
 *         .build();
 * }</pre>
 */
public final class Latchkey {
    private final LatchkeyConfig config;
    private final Clock clock;
    private final SecureRandom random;
    private final ChallengeStore challenges;
    private final UserDirectory users;
    private final OutboxStore outbox;
    private final Transactions transactions;
    private final Throttles throttles;
    private final IdentifierParser identifiers;
    private final LoginPolicy loginPolicy;
    private final UserVerifier userVerifier;
    private final EventPublisher events;
    private final Runnable onMessageQueued;
    private final DeliveryWorker deliveryWorker;
    private final ApiSessionStore apiSessionStore;
    private final UserSessions sessions;

    private Latchkey(Builder b) {
        this.config = b.config;
        this.clock = b.clock;
        this.random = b.random;
        this.challenges = b.challenges;
        this.users = b.users;
        this.outbox = b.outbox;
        this.transactions = b.transactions;
        this.events = new EventPublisher(b.listeners);
        this.throttles = new Throttles(b.throttles, b.config.throttle(), b.config.keys(), failure -> events.publish(new AuditEvent(
                AuditEventType.THROTTLE_BACKEND_FAILED, null, null, null, null, b.clock.instant(),
                failure.getClass().getSimpleName())));
        this.identifiers = new IdentifierParser(b.emailNormalizer, b.config.sms());
        this.loginPolicy = b.loginPolicy;
        this.userVerifier = b.userVerifier;
        this.onMessageQueued = b.onMessageQueued;
        this.deliveryWorker = new DeliveryWorker(b.config, b.clock, b.random, b.challenges, b.outbox, b.transactions, b.senders,
                b.templates, events, b.deliveryObserver);
        this.apiSessionStore = b.apiSessionStore;
        this.sessions = new UserSessions(b.apiSessionStore, b.pageSessions, b.clock, events, this::standing);
    }

    public static Builder builder(LatchkeyConfig config) {
        return new Builder(config);
    }

    public LatchkeyConfig config() {
        return config;
    }

    /** The worker that sends queued messages; adapters run it on a scheduler and after each request. */
    public DeliveryWorker deliveryWorker() {
        return deliveryWorker;
    }

    /** Validates an email address or phone number as a request would, e.g. for an email-change form. */
    public IdentifierCheck checkIdentifier(Channel channel, String input) {
        return channel == Channel.EMAIL ? identifiers.email(input) : identifiers.phone(input);
    }

    /**
     * Writes a challenge and queues its message, in one transaction. Known, unknown, disabled and
     * privileged identifiers all get {@code Accepted} after the same writes; only deliverable ones
     * get a message (SPEC §2 rule 8). No message is sent on this thread.
     */
    public RequestOutcome requestSignIn(SignInRequest request) {
        return unlessThrottleDown(() -> request(request), RequestOutcome.Unavailable::new);
    }

    private RequestOutcome request(SignInRequest request) {
        if (!config.channels().contains(request.channel())) {
            return new RequestOutcome.Invalid(field(request.channel()), request.channel() == Channel.SMS
                    ? "Sign-in by text message is not enabled." : "Sign-in by email is not enabled.");
        }
        IdentifierCheck check = checkIdentifier(request.channel(), request.identifier());
        if (check instanceof IdentifierCheck.Invalid invalid) {
            return new RequestOutcome.Invalid(invalid.field(), invalid.reason());
        }
        if (request.codeChallenge() != null && !Pkce.isWellFormedChallenge(request.codeChallenge())) {
            return new RequestOutcome.Invalid("code_challenge",
                    "code_challenge must be the base64url SHA-256 of the code verifier (43 characters).");
        }
        Identifier identifier = ((IdentifierCheck.Valid) check).identifier();
        Instant now = clock.instant();
        RequesterContext requester = request.requester();
        if (throttles.request(identifier, requester.ip(), now) instanceof ThrottleDecision.Refused refused) {
            return new RequestOutcome.Throttled(refused.retryAfter());
        }
        Optional<User> holder = users.findByIdentifier(identifier);
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
            deliverable = holder.map(user -> refusalFor(user) == null)
                    .orElse(config.registration() == Registration.OPEN);
        }
        Challenge challenge = new Challenge(RequestId.generate(random), request.purpose(), identifier, userId, null, null,
                request.binding() == null ? null : bindingDigest(request.binding()), request.codeChallenge(),
                request.next(), requester, now, now.plus(config.challenge().ttl()), 0, 0,
                config.challenge().maxUses(), ChallengeState.PENDING);
        OutboxEntry entry = OutboxEntry.queue(UUID.randomUUID().toString(), challenge.id(), identifier, requester, now,
                deliverable ? OutboxKind.MESSAGE : OutboxKind.DECOY);
        transactions.inTransaction(() -> {
            if (config.challenge().resend() == ResendPolicy.ROTATE) {
                // A login's user is the identifier's holder; an email change revokes only its own user's (rule 5).
                challenges.revokePending(identifier, request.purpose(),
                        request.purpose() == Purpose.CHANGE_EMAIL ? userId : null, null);
            }
            challenges.insert(challenge);
            outbox.enqueue(entry);
            return null;
        });
        publish(AuditEventType.LOGIN_REQUESTED, userId, identifier, requester, now, request.purpose().key());
        deliveryWorker.handOver(entry, challenge);
        onMessageQueued.run();
        return new RequestOutcome.Accepted(challenge.id(), config.challenge().ttl(), identifier);
    }

    /**
     * Redeems a sign-in link's token. Never call this for a plain GET (SPEC §2 rule 7). A link is not
     * held back by the failure lockout, which refuses codes only (rule 4).
     */
    public RedemptionOutcome redeemLink(String token, Proof proof) {
        return unlessThrottleDown(() -> link(token, proof), RedemptionOutcome.Unavailable::new);
    }

    private RedemptionOutcome link(String token, Proof proof) {
        Optional<Challenge> found = findByToken(Purpose.LOGIN, token);
        if (found.isEmpty()) {
            return new RedemptionOutcome.NotFound();
        }
        Challenge challenge = found.get();
        Instant now = clock.instant();
        // No failure lockout: a link cannot be guessed, so strangers' wrong codes never keep its owner out (rule 4).
        RedemptionOutcome problem = stateProblem(challenge, now);
        if (problem != null) {
            return problem;
        }
        // Only a browser request sets a binding; API clients prove themselves with PKCE instead.
        if (config.link().binding() == LinkBinding.REQUIRE && challenge.bindingDigest() != null
                && !sameBrowser(challenge, proof.binding())) {
            return new RedemptionOutcome.BindingMismatch();
        }
        if (challenge.codeChallenge() != null) {
            OptionalInt attempts = challenges.countAttempt(challenge.id(), config.challenge().maxAttempts(), now);
            if (attempts.isEmpty()) {
                return afterLostRace(challenge.id(), now);
            }
            if (!pkceHolds(challenge, proof)) {
                RedemptionOutcome failure = failed(challenge, attempts.getAsInt(), proof, now, "pkce_failed");
                return failure instanceof RedemptionOutcome.WrongCode ? new RedemptionOutcome.PkceFailed() : failure;
            }
        }
        return signIn(challenge, AuthMethod.LINK, proof, now);
    }

    /** Redeems a typed code for the challenge with this public request id. */
    public RedemptionOutcome redeemCode(String requestId, String code, Proof proof) {
        if (!RequestId.isWellFormed(requestId)) {
            return new RedemptionOutcome.NotFound();
        }
        return unlessThrottleDown(() -> challenges.findById(new RequestId(requestId))
                .filter(c -> c.purpose() == Purpose.LOGIN)
                .map(c -> checkCode(c, code, proof))
                .orElseGet(RedemptionOutcome.NotFound::new), RedemptionOutcome.Unavailable::new);
    }

    /**
     * Redeems a typed code for the newest pending challenge of an email address or phone number.
     * With {@code challenge.resend=keep}, codes of older challenges work through {@link #redeemCode(String, String, Proof)}.
     */
    public RedemptionOutcome redeemCode(Channel channel, String identifier, String code, Proof proof) {
        if (!(checkIdentifier(channel, identifier) instanceof IdentifierCheck.Valid valid)) {
            return new RedemptionOutcome.NotFound();
        }
        return unlessThrottleDown(() -> challenges.findNewestPending(valid.identifier(), Purpose.LOGIN, clock.instant())
                .map(c -> checkCode(c, code, proof))
                .orElseGet(RedemptionOutcome.NotFound::new), RedemptionOutcome.Unavailable::new);
    }

    /** "This wasn't me": the challenge of this link can no longer be used, by link or by code. */
    public DenyOutcome deny(String token, RequesterContext requester) {
        Optional<Challenge> found = findByToken(Purpose.LOGIN, token);
        if (found.isEmpty() || !challenges.finish(found.get().id(), ChallengeState.DENIED)) {
            return DenyOutcome.NOT_FOUND;
        }
        Challenge challenge = found.get();
        publish(AuditEventType.LOGIN_DENIED_BY_USER, challenge.userId(), challenge.identifier(), requester,
                clock.instant(), null);
        return DenyOutcome.DENIED;
    }

    /**
     * Confirms an email change from the link sent to the new address: the account takes the new
     * address (the unique constraint decides races) and the previous address gets a notice. Spending
     * the link, changing the address, revoking the user's other changes to it and queuing the notice
     * commit together, or nothing does (on stores with transactions; the in-memory ones have none).
     */
    public EmailChangeOutcome confirmEmailChange(String token, Proof proof) {
        return unlessThrottleDown(() -> emailChange(token, proof),
                () -> new EmailChangeOutcome.Failed(new RedemptionOutcome.Unavailable()));
    }

    private EmailChangeOutcome emailChange(String token, Proof proof) {
        Optional<Challenge> found = findByToken(Purpose.CHANGE_EMAIL, token);
        if (found.isEmpty()) {
            return new EmailChangeOutcome.Failed(new RedemptionOutcome.NotFound());
        }
        Challenge challenge = found.get();
        Instant now = clock.instant();
        RedemptionOutcome problem = stateProblem(challenge, now);
        if (problem != null) {
            return new EmailChangeOutcome.Failed(problem);
        }
        Optional<User> account = Optional.ofNullable(challenge.userId()).flatMap(users::findById);
        RefusalReason refusal = account.isEmpty() ? RefusalReason.NO_ACCOUNT : refusalFor(account.get());
        if (refusal != null) {
            return new EmailChangeOutcome.Failed(refused(challenge, proof, now, refusal));
        }
        User user = account.get();
        EmailAddress newAddress = (EmailAddress) challenge.identifier();
        if (users.findByIdentifier(newAddress).filter(holder -> !holder.id().equals(user.id())).isPresent()) {
            return new EmailChangeOutcome.Taken();
        }
        EmailAddress previous = user.email();
        boolean spent;
        try {
            // Spent first: its row lock orders racers before the notice's foreign key check shares that row
            // (the other way round, two racers' shared locks deadlock on InnoDB).
            spent = transactions.inTransaction(() -> {
                if (!challenges.spendUse(challenge.id(), now)) {
                    return false;
                }
                // Another account may have taken the address since the check: the unique constraint decides.
                users.changeEmail(user.id(), newAddress);
                challenges.revokePending(newAddress, Purpose.CHANGE_EMAIL, user.id(), challenge.id());
                if (previous != null) {
                    outbox.enqueue(OutboxEntry.queue(UUID.randomUUID().toString(), challenge.id(), previous,
                            proof.requester(), now, OutboxKind.EMAIL_CHANGED_NOTICE));
                }
                return true;
            });
        } catch (IdentifierTakenException e) {
            return new EmailChangeOutcome.Taken();
        }
        if (!spent) {
            return new EmailChangeOutcome.Failed(afterLostRace(challenge.id(), now));
        }
        if (previous != null) {
            onMessageQueued.run();
        }
        publish(AuditEventType.EMAIL_CHANGED, user.id(), newAddress, proof.requester(), now, null);
        return new EmailChangeOutcome.Changed(user.withEmail(newAddress), previous);
    }

    /** What the confirmation page may show for a sign-in link, without redeeming it. */
    public Optional<ChallengeView> view(String token, @Nullable BindingSecret binding) {
        return view(Purpose.LOGIN, token, binding);
    }

    /** What a confirmation page may show for a link of {@code purpose}, without redeeming it. */
    public Optional<ChallengeView> view(Purpose purpose, String token, @Nullable BindingSecret binding) {
        Instant now = clock.instant();
        return findByToken(purpose, token).map(c -> new ChallengeView(c.id(), c.identifier(), c.requester(),
                BrowserFamily.of(c.requester().userAgent()), c.createdAt(), c.expiresAt(), sameBrowser(c, binding),
                stateProblem(c, now)));
    }

    /**
     * API sessions over this engine's API session store, sharing its keys, clock, randomness,
     * listeners and session owner (refresh-token reuse is audited as {@code REFRESH_REUSE_DETECTED}).
     */
    public ApiSessions apiSessions(Duration refreshTtl) {
        return new ApiSessions(apiSessionStore, config.keys(), clock, random, refreshTtl, config.sessionMaxAge(), events,
                sessions);
    }

    /** The one owner of every session of a user, page and API alike (SPEC §2 rule 13). */
    public UserSessions sessions() {
        return sessions;
    }

    /**
     * Disables an account: it can no longer sign in (SPEC §2 rule 14) and every session it has, page
     * and API, ends. Returns false when there is no such account.
     */
    public boolean disableUser(UserId user) {
        Optional<User> account = users.findById(user);
        if (account.isEmpty() || !users.update(account.get().withStatus(UserStatus.DISABLED))) {
            return false;
        }
        sessions.endAll(user, SessionEndReason.USER_DISABLED);
        return true;
    }

    /** Records that an account signed out (audit event {@code LOGOUT}); adapters call it from their logout. */
    public void signedOut(UserId user, RequesterContext requester) {
        events.publish(new AuditEvent(AuditEventType.LOGOUT, user, null, requester.ip(), requester.userAgent(),
                clock.instant(), null));
    }

    /** Deletes expired challenges and ended throttle windows in bounded batches. Returns the challenges deleted. */
    public int purgeExpired() {
        Instant now = clock.instant();
        int total = BatchedPurge.run(batch -> challenges.purgeExpired(now, batch));
        throttles.purgeExpired(now);
        return total;
    }

    /** Runs {@code work}; when the throttle store is down and the policy fails closed, answers {@code unavailable}. */
    private static <T> T unlessThrottleDown(Supplier<T> work, Supplier<T> unavailable) {
        try {
            return work.get();
        } catch (ThrottleUnavailableException e) {
            return unavailable.get();
        }
    }

    private Optional<Challenge> findByToken(Purpose purpose, String token) {
        String trimmed = token.strip();
        if (trimmed.isEmpty() || trimmed.length() > 128) {
            return Optional.empty();
        }
        return challenges.findByLinkDigest(config.keys().candidates(purpose.key(), trimmed));
    }

    private RedemptionOutcome checkCode(Challenge challenge, String input, Proof proof) {
        Instant now = clock.instant();
        RedemptionOutcome blocked = blocked(challenge, proof, now);
        if (blocked != null) {
            return blocked;
        }
        // Counted before comparing, so no number of guesses can go uncounted (SPEC §2 rule 4).
        OptionalInt attempts = challenges.countAttempt(challenge.id(), config.challenge().maxAttempts(), now);
        if (attempts.isEmpty()) {
            return afterLostRace(challenge.id(), now);
        }
        if (challenge.codeChallenge() != null && !pkceHolds(challenge, proof)) {
            RedemptionOutcome failure = failed(challenge, attempts.getAsInt(), proof, now, "pkce_failed");
            return failure instanceof RedemptionOutcome.WrongCode ? new RedemptionOutcome.PkceFailed() : failure;
        }
        Code code = Code.fromInput(input, config.code());
        Digest stored = challenge.codeDigest();
        if (stored == null || !config.keys().verify(stored, challenge.purpose().key(), challenge.id().value(), code.reveal())) {
            return failed(challenge, attempts.getAsInt(), proof, now, "wrong_code");
        }
        return signIn(challenge, AuthMethod.CODE, proof, now);
    }

    /**
     * Why a code cannot be tried at all right now, or null when it can: the challenge's state, or the
     * failure lockout of its identifier or the caller's IP, which refuses codes only (SPEC §2 rule 4).
     */
    private @Nullable RedemptionOutcome blocked(Challenge challenge, Proof proof, Instant now) {
        RedemptionOutcome problem = stateProblem(challenge, now);
        if (problem != null) {
            return problem;
        }
        Optional<Duration> locked = throttles.lockedFor(challenge.identifier(), proof.requester().ip(), now);
        if (locked.isPresent()) {
            publish(AuditEventType.LOGIN_FAILED, challenge.userId(), challenge.identifier(), proof.requester(), now, "locked");
            return new RedemptionOutcome.Locked(locked.get());
        }
        return null;
    }

    private static @Nullable RedemptionOutcome stateProblem(Challenge challenge, Instant now) {
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
    private RedemptionOutcome afterLostRace(RequestId id, Instant now) {
        return challenges.findById(id)
                .map(current -> {
                    RedemptionOutcome problem = stateProblem(current, now);
                    return problem != null ? problem : new RedemptionOutcome.Exhausted();
                })
                .orElseGet(RedemptionOutcome.Expired::new);
    }

    private RedemptionOutcome failed(Challenge challenge, int attempts, Proof proof, Instant now, String reason) {
        RequesterContext requester = proof.requester();
        if (throttles.recordFailure(challenge.identifier(), requester.ip(), now)) {
            publish(AuditEventType.IDENTIFIER_LOCKED, challenge.userId(), challenge.identifier(), requester, now, reason);
        }
        publish(AuditEventType.LOGIN_FAILED, challenge.userId(), challenge.identifier(), requester, now, reason);
        if (attempts >= config.challenge().maxAttempts()) {
            if (challenges.finish(challenge.id(), ChallengeState.EXHAUSTED)) {
                publish(AuditEventType.CHALLENGE_EXHAUSTED, challenge.userId(), challenge.identifier(), requester, now, reason);
            }
            return new RedemptionOutcome.Exhausted();
        }
        // djoser's INCORRECT_SHORT_TOKEN_REDEEMS_TOKEN: a wrong code also spends a use.
        if (config.challenge().wrongCodeBurns() && challenges.spendUse(challenge.id(), now)
                && challenges.findById(challenge.id()).filter(c -> c.state() == ChallengeState.CONSUMED).isPresent()) {
            return new RedemptionOutcome.Spent();
        }
        return new RedemptionOutcome.WrongCode(config.challenge().maxAttempts() - attempts);
    }

    private RedemptionOutcome signIn(Challenge challenge, AuthMethod method, Proof proof, Instant now) {
        Optional<User> existing = challenge.userId() != null
                ? users.findById(challenge.userId())
                : users.findByIdentifier(challenge.identifier());
        if (existing.isEmpty() && config.registration() == Registration.CLOSED) {
            return refused(challenge, proof, now, RefusalReason.NO_ACCOUNT);
        }
        User candidate = existing.orElseGet(() -> User.create(UserId.generate(random, now.toEpochMilli()),
                challenge.identifier(), now));
        RefusalReason refusal = refusalFor(candidate);
        if (refusal != null) {
            // A veto also ends what the account already has (SPEC §2 rule 13).
            existing.ifPresent(user -> sessions.endAll(user.id(), endReason(refusal)));
            return refused(challenge, proof, now, refusal);
        }
        // The winning use and everything it implies commit together: one transaction, not five.
        Optional<User> signedIn = transactions.inTransaction(() -> {
            if (!challenges.spendUse(challenge.id(), now)) {
                return Optional.<User>empty();
            }
            User user = existing.orElseGet(() -> users.createIfAbsent(challenge.identifier(), candidate.id(), now));
            users.recordSignIn(user.id(), now);
            // One sign-in ends every other way in for this identifier (SPEC §2 rule 5).
            challenges.revokePending(challenge.identifier(), challenge.purpose(), null, challenge.id());
            throttles.resetFailures(challenge.identifier());
            return Optional.of(user);
        });
        if (signedIn.isEmpty()) {
            return afterLostRace(challenge.id(), now);
        }
        User user = signedIn.get();
        publish(AuditEventType.LOGIN_SUCCEEDED, user.id(), challenge.identifier(), proof.requester(), now, method.amr());
        return new RedemptionOutcome.SignedIn(user.withLastLoginAt(now), method, challenge.next());
    }

    private RedemptionOutcome refused(Challenge challenge, Proof proof, Instant now, RefusalReason reason) {
        publish(AuditEventType.LOGIN_FAILED, challenge.userId(), challenge.identifier(), proof.requester(), now,
                "refused_" + reason.name().toLowerCase(Locale.ROOT));
        return new RedemptionOutcome.Refused(reason);
    }

    /** Why this account may not sign in (SPEC §2 rule 14), or null when it may. */
    private @Nullable RefusalReason refusalFor(User user) {
        if (!user.active()) {
            return RefusalReason.DISABLED;
        }
        if (!config.allowPrivilegedLogin() && !Collections.disjoint(user.roles(), config.privilegedRoles())) {
            return RefusalReason.PRIVILEGED;
        }
        if (!loginPolicy.canLogIn(user)) {
            return RefusalReason.POLICY;
        }
        if (!userVerifier.verify(user)) {
            return RefusalReason.NOT_VERIFIED;
        }
        return null;
    }

    /** Why the sessions of {@code user} must end now, or empty while the account may still sign in. */
    private Optional<SessionEndReason> standing(UserId user) {
        return users.findById(user)
                .map(account -> Optional.ofNullable(refusalFor(account)).map(Latchkey::endReason))
                .orElse(Optional.of(SessionEndReason.ACCOUNT_REFUSED));
    }

    private static SessionEndReason endReason(RefusalReason refusal) {
        return refusal == RefusalReason.DISABLED ? SessionEndReason.USER_DISABLED : SessionEndReason.ACCOUNT_REFUSED;
    }

    private boolean sameBrowser(Challenge challenge, @Nullable BindingSecret binding) {
        Digest stored = challenge.bindingDigest();
        return stored != null && binding != null && config.keys().verify(stored, "binding", binding.reveal());
    }

    private Digest bindingDigest(BindingSecret binding) {
        return config.keys().digest("binding", binding.reveal());
    }

    private static boolean pkceHolds(Challenge challenge, Proof proof) {
        return proof.codeVerifier() != null && Pkce.verify(Objects.requireNonNull(challenge.codeChallenge()),
                proof.codeVerifier());
    }

    private void publish(AuditEventType type, @Nullable UserId userId, Identifier identifier, RequesterContext requester,
                         Instant at, @Nullable String reason) {
        events.publish(new AuditEvent(type, userId, identifier, requester.ip(), requester.userAgent(), at, reason));
    }

    private static String field(Channel channel) {
        return channel == Channel.EMAIL ? "email" : "phone";
    }

    /**
     * Assembles an engine. Stores default to the in-memory ones, hooks to allow-all, the clock to
     * UTC system time and randomness to a new {@link SecureRandom}.
     */
    public static final class Builder {
        private final LatchkeyConfig config;
        private Clock clock = Clock.systemUTC();
        private SecureRandom random = new SecureRandom();
        private @Nullable ChallengeStore challenges;
        private UserDirectory users = new InMemoryUserDirectory();
        private @Nullable OutboxStore outbox;
        private ThrottleStore throttles = new InMemoryThrottleStore();
        private Transactions transactions = Transactions.none();
        private final List<MessageSender> senders = new ArrayList<>();
        private MessageTemplates templates = new DefaultMessageTemplates();
        private final List<LatchkeyEventListener> listeners = new ArrayList<>();
        private EmailNormalizer emailNormalizer = EmailNormalizer.identity();
        private LoginPolicy loginPolicy = LoginPolicy.allowAll();
        private UserVerifier userVerifier = UserVerifier.acceptAll();
        private Runnable onMessageQueued = () -> { };
        private DeliveryObserver deliveryObserver = DeliveryObserver.none();
        private ApiSessionStore apiSessionStore = new InMemoryApiSessionStore();
        private PageSessions pageSessions = PageSessions.none();

        private Builder(LatchkeyConfig config) {
            this.config = Objects.requireNonNull(config, "config");
        }

        public Builder clock(Clock value) { this.clock = Objects.requireNonNull(value, "clock"); return this; }
        public Builder random(SecureRandom value) { this.random = Objects.requireNonNull(value, "random"); return this; }
        public Builder challenges(ChallengeStore value) { this.challenges = Objects.requireNonNull(value, "challenges"); return this; }
        public Builder users(UserDirectory value) { this.users = Objects.requireNonNull(value, "users"); return this; }
        public Builder outbox(OutboxStore value) { this.outbox = Objects.requireNonNull(value, "outbox"); return this; }
        public Builder throttles(ThrottleStore value) { this.throttles = Objects.requireNonNull(value, "throttles"); return this; }
        public Builder transactions(Transactions value) { this.transactions = Objects.requireNonNull(value, "transactions"); return this; }
        /** Adds the sender of one channel; a later sender for the same channel replaces an earlier one. */
        public Builder sender(MessageSender value) { this.senders.add(Objects.requireNonNull(value, "sender")); return this; }
        public Builder templates(MessageTemplates value) { this.templates = Objects.requireNonNull(value, "templates"); return this; }
        public Builder listener(LatchkeyEventListener value) { this.listeners.add(Objects.requireNonNull(value, "listener")); return this; }
        public Builder emailNormalizer(EmailNormalizer value) { this.emailNormalizer = Objects.requireNonNull(value, "emailNormalizer"); return this; }
        public Builder loginPolicy(LoginPolicy value) { this.loginPolicy = Objects.requireNonNull(value, "loginPolicy"); return this; }
        public Builder userVerifier(UserVerifier value) { this.userVerifier = Objects.requireNonNull(value, "userVerifier"); return this; }
        /** Called after each queued message, e.g. to wake the delivery worker at once. */
        public Builder onMessageQueued(Runnable value) { this.onMessageQueued = Objects.requireNonNull(value, "onMessageQueued"); return this; }
        public Builder deliveryObserver(DeliveryObserver value) { this.deliveryObserver = Objects.requireNonNull(value, "deliveryObserver"); return this; }
        /** Where API sessions and their refresh tokens live; in memory by default. */
        public Builder apiSessionStore(ApiSessionStore value) { this.apiSessionStore = Objects.requireNonNull(value, "apiSessionStore"); return this; }
        /** The web adapter's page sessions, ended with the API sessions; none by default. */
        public Builder pageSessions(PageSessions value) { this.pageSessions = Objects.requireNonNull(value, "pageSessions"); return this; }

        public Latchkey build() {
            if (outbox == null) {
                outbox = new InMemoryOutboxStore();
            }
            if (challenges == null) {
                challenges = new InMemoryChallengeStore(outbox instanceof InMemoryOutboxStore memory ? memory : null);
            }
            return new Latchkey(this);
        }
    }
}
