package dev.latchkey.core;

import dev.latchkey.core.audit.EventPublisher;
import dev.latchkey.core.audit.LatchkeyEventListener;
import dev.latchkey.core.challenge.ChallengeView;
import dev.latchkey.core.challenge.DenyOutcome;
import dev.latchkey.core.challenge.EmailChangeOutcome;
import dev.latchkey.core.challenge.Proof;
import dev.latchkey.core.challenge.Purpose;
import dev.latchkey.core.challenge.RedemptionOutcome;
import dev.latchkey.core.challenge.RequestOutcome;
import dev.latchkey.core.challenge.RequesterContext;
import dev.latchkey.core.challenge.SignInRequest;
import dev.latchkey.core.config.LatchkeyConfig;
import dev.latchkey.core.delivery.DefaultMessageTemplates;
import dev.latchkey.core.delivery.DeliveryObserver;
import dev.latchkey.core.delivery.DeliveryWorker;
import dev.latchkey.core.delivery.MessageSender;
import dev.latchkey.core.delivery.MessageTemplates;
import dev.latchkey.core.identity.Channel;
import dev.latchkey.core.identity.EmailNormalizer;
import dev.latchkey.core.identity.IdentifierCheck;
import dev.latchkey.core.identity.UserId;
import dev.latchkey.core.memory.InMemoryApiSessionStore;
import dev.latchkey.core.memory.InMemoryOidcStore;
import dev.latchkey.core.memory.InMemoryChallengeStore;
import dev.latchkey.core.memory.InMemoryOutboxStore;
import dev.latchkey.core.memory.InMemoryThrottleStore;
import dev.latchkey.core.memory.InMemoryUserDirectory;
import dev.latchkey.core.policy.LoginPolicy;
import dev.latchkey.core.policy.UserVerifier;
import dev.latchkey.core.secret.BindingSecret;
import dev.latchkey.core.session.ApiSessions;
import dev.latchkey.core.session.UserSessions;
import dev.latchkey.core.spi.ApiSessionStore;
import dev.latchkey.core.spi.ChallengeStore;
import dev.latchkey.core.spi.OutboxStore;
import dev.latchkey.core.spi.PageSessions;
import dev.latchkey.core.spi.OidcStore;
import dev.latchkey.core.spi.ThrottleStore;
import dev.latchkey.core.spi.Transactions;
import dev.latchkey.core.spi.UserDirectory;
import dev.latchkey.core.usecase.Accounts;
import dev.latchkey.core.usecase.Deny;
import dev.latchkey.core.usecase.EmailChange;
import dev.latchkey.core.usecase.LinkPreview;
import dev.latchkey.core.usecase.Purge;
import dev.latchkey.core.usecase.Redemption;
import dev.latchkey.core.usecase.RequestSignIn;
import dev.latchkey.core.usecase.UseCaseContext;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The engine's front: request a sign-in, redeem its link or code, deny it, purge what expired. Each
 * method delegates to the use case in {@code dev.latchkey.core.usecase} that owns the rule and its
 * transaction. Adapters (the Spring Boot starter, the server, any other framework) turn outcomes
 * into pages and JSON; the engine itself knows no web and no SQL.
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
    private final EventPublisher events;
    private final ApiSessionStore apiSessionStore;
    private final DeliveryWorker deliveryWorker;
    private final UserSessions sessions;
    private final RequestSignIn requests;
    private final Redemption redemption;
    private final EmailChange emailChange;
    private final Deny deny;
    private final LinkPreview preview;
    private final Accounts accounts;
    private final Purge purge;

    private Latchkey(Builder b) {
        this.config = b.config;
        this.clock = b.clock;
        this.random = b.random;
        this.events = new EventPublisher(b.listeners);
        this.apiSessionStore = b.apiSessionStore;
        this.deliveryWorker = new DeliveryWorker(b.config, b.clock, b.random, b.challenges, b.outbox, b.transactions,
                b.senders, b.templates, events, b.deliveryObserver);
        UseCaseContext context = new UseCaseContext(b.config, b.clock, b.random, b.challenges, b.users, b.outbox,
                b.throttles, b.transactions, events, b.emailNormalizer, b.loginPolicy, b.userVerifier, b.onMessageQueued,
                deliveryWorker::handOver);
        this.sessions = new UserSessions(b.apiSessionStore, b.pageSessions, b.oidcStore, b.transactions, b.clock, events,
                context::sessionsMustEnd);
        this.requests = new RequestSignIn(context);
        this.redemption = new Redemption(context, sessions);
        this.emailChange = new EmailChange(context);
        this.deny = new Deny(context);
        this.preview = new LinkPreview(context);
        this.accounts = new Accounts(context, sessions);
        this.purge = new Purge(context);
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
        return requests.checkIdentifier(channel, input);
    }

    /** See {@link RequestSignIn}: one transaction writes the challenge, its outbox row and its audit row. */
    public RequestOutcome requestSignIn(SignInRequest request) {
        return requests.request(request);
    }

    /** Redeems a sign-in link's token (never for a plain GET, SPEC §2 rule 7); see {@link Redemption}. */
    public RedemptionOutcome redeemLink(String token, Proof proof) {
        return redemption.link(token, proof);
    }

    /** Redeems a typed code for the challenge with this public request id. */
    public RedemptionOutcome redeemCode(String requestId, String code, Proof proof) {
        return redemption.code(requestId, code, proof);
    }

    /**
     * Redeems a typed code for the newest pending challenge of an email address or phone number.
     * With {@code challenge.resend=keep}, codes of older challenges work through {@link #redeemCode(String, String, Proof)}.
     */
    public RedemptionOutcome redeemCode(Channel channel, String identifier, String code, Proof proof) {
        return checkIdentifier(channel, identifier) instanceof IdentifierCheck.Valid valid
                ? redemption.code(valid.identifier(), code, proof) : new RedemptionOutcome.NotFound();
    }

    /** "This wasn't me": the challenge of this link can no longer be used, by link or by code. */
    public DenyOutcome deny(String token, RequesterContext requester) {
        return deny.deny(token, requester);
    }

    /** Confirms an email change from the link sent to the new address; see {@link EmailChange}. */
    public EmailChangeOutcome confirmEmailChange(String token, Proof proof) {
        return emailChange.confirm(token, proof);
    }

    /** What the confirmation page may show for a sign-in link, without redeeming it. */
    public Optional<ChallengeView> view(String token, @Nullable BindingSecret binding) {
        return preview.view(Purpose.LOGIN, token, binding);
    }

    /** What a confirmation page may show for a link of {@code purpose}, without redeeming it. */
    public Optional<ChallengeView> view(Purpose purpose, String token, @Nullable BindingSecret binding) {
        return preview.view(purpose, token, binding);
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

    /** Disables an account and ends every session it has; false when there is no such account. */
    public boolean disableUser(UserId user) {
        return accounts.disable(user);
    }

    /** Records that an account signed out (audit event {@code LOGOUT}); adapters call it from their logout. */
    public void signedOut(UserId user, RequesterContext requester) {
        accounts.signedOut(user, requester);
    }

    /** Records that an OpenID Connect client was given an authorization code for {@code user} (SPEC §11). */
    public void clientAuthorized(UserId user, String clientId, RequesterContext requester) {
        accounts.clientAuthorized(user, clientId, requester);
    }

    /** Records that {@code user} signed in to an OpenID Connect client ({@code LOGIN_SUCCEEDED}, method {@code oidc}). */
    public void signedInToClient(UserId user, RequesterContext requester) {
        accounts.signedInToClient(user, requester);
    }

    /** Records that a replaced OpenID Connect refresh token came back and its grant was deleted. */
    public void clientRefreshReused(UserId user) {
        accounts.clientRefreshReused(user);
    }

    /** Deletes expired challenges and ended throttle windows in bounded batches. Returns the challenges deleted. */
    public int purgeExpired() {
        return purge.expired();
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
        private OidcStore oidcStore = new InMemoryOidcStore();

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
        /** Where the OpenID Provider keeps clients' grants, which end with the user's sessions; in memory by default. */
        public Builder oidcStore(OidcStore value) { this.oidcStore = Objects.requireNonNull(value, "oidcStore"); return this; }

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
