package dev.latchkey.core;

import dev.latchkey.core.audit.EventPublisher;
import dev.latchkey.core.audit.LatchkeyEventListener;
import dev.latchkey.core.challenge.Challenge;
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
import dev.latchkey.core.delivery.DeliveryWorker;
import dev.latchkey.core.delivery.OutboxEntry;
import dev.latchkey.core.identity.Channel;
import dev.latchkey.core.identity.IdentifierCheck;
import dev.latchkey.core.identity.UserId;
import dev.latchkey.core.secret.BindingSecret;
import dev.latchkey.core.session.ApiSessions;
import dev.latchkey.core.session.UserSessions;
import dev.latchkey.core.spi.ApiSessionStore;
import dev.latchkey.core.spi.AuditEventStore;
import dev.latchkey.core.spi.CeremonyStore;
import dev.latchkey.core.spi.OidcStore;
import dev.latchkey.core.spi.PasskeyStore;
import dev.latchkey.core.spi.OutboxStore;
import dev.latchkey.core.usecase.Accounts;
import dev.latchkey.core.usecase.Administration;
import dev.latchkey.core.usecase.Deny;
import dev.latchkey.core.usecase.EmailChange;
import dev.latchkey.core.usecase.FreshSignIn;
import dev.latchkey.core.usecase.LinkPreview;
import dev.latchkey.core.usecase.Passkeys;
import dev.latchkey.core.usecase.Purge;
import dev.latchkey.core.usecase.Redemption;
import dev.latchkey.core.usecase.RequestSignIn;
import dev.latchkey.core.usecase.UseCaseContext;
import dev.latchkey.core.webhook.WebhookDelivery;
import dev.latchkey.core.webhook.Webhooks;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
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
    private final UseCaseContext context;
    private final PasskeyStore passkeyStore;
    private final CeremonyStore ceremonyStore;
    private final DeliveryWorker deliveryWorker;
    private final UserSessions sessions;
    private final Function<Duration, ApiSessions> apiSessions;
    private final RequestSignIn requests;
    private final Redemption redemption;
    private final EmailChange emailChange;
    private final Deny deny;
    private final LinkPreview preview;
    private final Accounts accounts;
    private final Purge purge;
    private final ApiSessionStore apiSessionStore;
    private final OidcStore oidcStore;
    private final Runnable onMessageQueued;

    Latchkey(LatchkeyBuilder b) {
        OutboxStore outbox = Objects.requireNonNull(b.outbox);
        List<LatchkeyEventListener> trail = new ArrayList<>();
        if (b.auditTrail != null) {
            trail.add(b.auditTrail);
        }
        if (!b.webhooks.isEmpty()) {
            // In the trail, so a webhook's calls are queued in the transaction of the change (SPEC §13).
            Webhooks webhooks = b.webhooks;
            trail.add(event -> webhooks.entriesFor(event).forEach(outbox::enqueue));
        }
        EventPublisher events = new EventPublisher(trail, b.listeners);
        this.config = b.config;
        this.clock = b.clock;
        this.onMessageQueued = b.onMessageQueued;
        this.passkeyStore = b.passkeyStore;
        this.ceremonyStore = b.ceremonyStore;
        this.context = new UseCaseContext(b.config, b.clock, b.random, Objects.requireNonNull(b.challenges),
                b.users, outbox, b.throttles, b.transactions, b.apiSessionStore, events,
                b.emailNormalizer, b.loginPolicy, b.userVerifier, this::queuedForPoll, this::handOver, b.signInStore);
        this.deliveryWorker = new DeliveryWorker(b.config, b.clock, b.random, b.challenges, b.outbox, b.transactions,
                context.signIns(), b.senders, b.templates, events, b.deliveryObserver,
                new WebhookDelivery(b.webhooks, b.webhookSender, outbox, b.clock, b.config.delivery()));
        this.sessions = new UserSessions(b.apiSessionStore, b.pageSessions, b.oidcStore, b.transactions, b.clock, events,
                context::sessionsMustEnd);
        this.apiSessionStore = b.apiSessionStore;
        this.oidcStore = b.oidcStore;
        ApiSessionStore apiSessionStore = b.apiSessionStore;
        SecureRandom random = b.random;
        this.apiSessions = refreshTtl -> new ApiSessions(apiSessionStore, config.keys(), clock, random, refreshTtl,
                config.sessionMaxAge(), events, sessions);
        this.requests = new RequestSignIn(context);
        this.redemption = new Redemption(context, sessions);
        this.emailChange = new EmailChange(context);
        this.deny = new Deny(context);
        this.preview = new LinkPreview(context);
        this.accounts = new Accounts(context, sessions);
        this.purge = new Purge(context, b.ceremonyStore);
    }

    /** A request's message goes straight to this process's worker (which exists once the engine does), then wakes it. */
    private void handOver(OutboxEntry entry, Challenge challenge) {
        deliveryWorker.handOver(entry, challenge);
        onMessageQueued.run();
    }

    /** A message no hand-over carries (a notice): the woken worker looks for due entries. */
    private void queuedForPoll() {
        deliveryWorker.queuedForPoll();
        onMessageQueued.run();
    }

    public static LatchkeyBuilder builder(LatchkeyConfig config) {
        return new LatchkeyBuilder(config);
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
        return redemption.link(token, proof, null);
    }

    /** Redeems a typed code for the challenge with this public request id. */
    public RedemptionOutcome redeemCode(String requestId, String code, Proof proof) {
        return redemption.code(requestId, code, proof, null);
    }

    /**
     * Redeems a typed code for the newest pending challenge of an email address or phone number.
     * With {@code challenge.resend=keep}, codes of older challenges work through {@link #redeemCode(String, String, Proof)}.
     */
    public RedemptionOutcome redeemCode(Channel channel, String identifier, String code, Proof proof) {
        return exchangeCode(channel, identifier, code, proof, null);
    }

    /** {@link #redeemLink} for the JSON API: a sign-in also starts an API session of {@code api}, in its transaction. */
    public RedemptionOutcome exchangeLink(String token, Proof proof, ApiSessions api) {
        return redemption.link(token, proof, api);
    }

    /** {@link #redeemCode(String, String, Proof)} for the JSON API, starting an API session of {@code api}. */
    public RedemptionOutcome exchangeCode(String requestId, String code, Proof proof, ApiSessions api) {
        return redemption.code(requestId, code, proof, api);
    }

    /** {@link #redeemCode(Channel, String, String, Proof)} for the JSON API, starting an API session of {@code api}. */
    public RedemptionOutcome exchangeCode(Channel channel, String identifier, String code, Proof proof,
                                          @Nullable ApiSessions api) {
        return checkIdentifier(channel, identifier) instanceof IdentifierCheck.Valid valid
                ? redemption.code(valid.identifier(), code, proof, api) : new RedemptionOutcome.NotFound();
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
        return apiSessions.apply(refreshTtl);
    }

    /**
     * Passkeys over this engine's passkey and ceremony stores (SPEC §10); see {@link Passkeys}.
     *
     * @param freshLogin how recent a sign-in must be to add a passkey ({@code latchkey.passkeys.fresh-login})
     */
    public Passkeys passkeys(Duration freshLogin) {
        return new Passkeys(context, sessions, passkeyStore, ceremonyStore, new FreshSignIn(clock, freshLogin));
    }

    /**
     * The admin API's use cases (SPEC §12) over this engine's stores.
     *
     * @param trail the audit trail this engine persists its events to, which the admin API lists and erases from
     */
    public Administration administration(AuditEventStore trail) {
        return new Administration(context, sessions, apiSessionStore, passkeyStore, oidcStore, trail);
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

    /**
     * Deletes expired challenges, expired passkey ceremonies and ended throttle windows in bounded
     * batches. Returns the challenges deleted.
     */
    public int purgeExpired() {
        return purge.expired();
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
}
