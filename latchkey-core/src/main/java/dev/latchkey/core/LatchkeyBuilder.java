package dev.latchkey.core;

import dev.latchkey.core.audit.LatchkeyEventListener;
import dev.latchkey.core.config.LatchkeyConfig;
import dev.latchkey.core.delivery.DefaultMessageTemplates;
import dev.latchkey.core.delivery.DeliveryObserver;
import dev.latchkey.core.delivery.MessageSender;
import dev.latchkey.core.delivery.MessageTemplates;
import dev.latchkey.core.identity.EmailNormalizer;
import dev.latchkey.core.memory.InMemoryApiSessionStore;
import dev.latchkey.core.memory.InMemoryCeremonyStore;
import dev.latchkey.core.memory.InMemoryChallengeStore;
import dev.latchkey.core.memory.InMemoryOidcStore;
import dev.latchkey.core.memory.InMemoryOutboxStore;
import dev.latchkey.core.memory.InMemoryPasskeyStore;
import dev.latchkey.core.memory.InMemoryThrottleStore;
import dev.latchkey.core.memory.InMemoryUserDirectory;
import dev.latchkey.core.policy.LoginPolicy;
import dev.latchkey.core.policy.UserVerifier;
import dev.latchkey.core.spi.ApiSessionStore;
import dev.latchkey.core.spi.CeremonyStore;
import dev.latchkey.core.spi.ChallengeStore;
import dev.latchkey.core.spi.OidcStore;
import dev.latchkey.core.spi.OutboxStore;
import dev.latchkey.core.spi.PageSessions;
import dev.latchkey.core.spi.PasskeyStore;
import dev.latchkey.core.spi.SignInStore;
import dev.latchkey.core.spi.ThrottleStore;
import dev.latchkey.core.spi.Transactions;
import dev.latchkey.core.spi.UserDirectory;
import dev.latchkey.core.webhook.WebhookSender;
import dev.latchkey.core.webhook.Webhooks;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
/**
 * Assembles an engine. Stores default to the in-memory ones, hooks to allow-all, the clock to
 * UTC system time and randomness to a new {@link SecureRandom}.
 */
public final class LatchkeyBuilder {
    final LatchkeyConfig config;
    Clock clock = Clock.systemUTC();
    SecureRandom random = new SecureRandom();
    @Nullable ChallengeStore challenges;
    UserDirectory users = new InMemoryUserDirectory();
    @Nullable OutboxStore outbox;
    ThrottleStore throttles = new InMemoryThrottleStore();
    Transactions transactions = Transactions.none();
    final List<MessageSender> senders = new ArrayList<>();
    MessageTemplates templates = new DefaultMessageTemplates();
    final List<LatchkeyEventListener> listeners = new ArrayList<>();
    EmailNormalizer emailNormalizer = EmailNormalizer.identity();
    LoginPolicy loginPolicy = LoginPolicy.allowAll();
    UserVerifier userVerifier = UserVerifier.acceptAll();
    Runnable onMessageQueued = () -> { };
    DeliveryObserver deliveryObserver = DeliveryObserver.none();
    ApiSessionStore apiSessionStore = new InMemoryApiSessionStore();
    PasskeyStore passkeyStore = new InMemoryPasskeyStore();
    OidcStore oidcStore = new InMemoryOidcStore();
    CeremonyStore ceremonyStore = new InMemoryCeremonyStore();
    PageSessions pageSessions = PageSessions.none();
    @Nullable LatchkeyEventListener auditTrail;
    @Nullable SignInStore signInStore;
    Webhooks webhooks = Webhooks.none();
    WebhookSender webhookSender = WebhookSender.none();

    LatchkeyBuilder(LatchkeyConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    public LatchkeyBuilder clock(Clock value) { this.clock = Objects.requireNonNull(value, "clock"); return this; }
    public LatchkeyBuilder random(SecureRandom value) { this.random = Objects.requireNonNull(value, "random"); return this; }
    public LatchkeyBuilder challenges(ChallengeStore value) { this.challenges = Objects.requireNonNull(value, "challenges"); return this; }
    public LatchkeyBuilder users(UserDirectory value) { this.users = Objects.requireNonNull(value, "users"); return this; }
    public LatchkeyBuilder outbox(OutboxStore value) { this.outbox = Objects.requireNonNull(value, "outbox"); return this; }
    public LatchkeyBuilder throttles(ThrottleStore value) { this.throttles = Objects.requireNonNull(value, "throttles"); return this; }
    public LatchkeyBuilder transactions(Transactions value) { this.transactions = Objects.requireNonNull(value, "transactions"); return this; }
    /** Adds the sender of one channel; a later sender for the same channel replaces an earlier one. */
    public LatchkeyBuilder sender(MessageSender value) { this.senders.add(Objects.requireNonNull(value, "sender")); return this; }
    public LatchkeyBuilder templates(MessageTemplates value) { this.templates = Objects.requireNonNull(value, "templates"); return this; }
    public LatchkeyBuilder listener(LatchkeyEventListener value) { this.listeners.add(Objects.requireNonNull(value, "listener")); return this; }
    public LatchkeyBuilder emailNormalizer(EmailNormalizer value) { this.emailNormalizer = Objects.requireNonNull(value, "emailNormalizer"); return this; }
    public LatchkeyBuilder loginPolicy(LoginPolicy value) { this.loginPolicy = Objects.requireNonNull(value, "loginPolicy"); return this; }
    public LatchkeyBuilder userVerifier(UserVerifier value) { this.userVerifier = Objects.requireNonNull(value, "userVerifier"); return this; }
    /** Called after each queued message, e.g. to wake the delivery worker at once. */
    public LatchkeyBuilder onMessageQueued(Runnable value) { this.onMessageQueued = Objects.requireNonNull(value, "onMessageQueued"); return this; }
    public LatchkeyBuilder deliveryObserver(DeliveryObserver value) { this.deliveryObserver = Objects.requireNonNull(value, "deliveryObserver"); return this; }
    /** Where API sessions and their refresh tokens live; in memory by default. */
    public LatchkeyBuilder apiSessionStore(ApiSessionStore value) { this.apiSessionStore = Objects.requireNonNull(value, "apiSessionStore"); return this; }
    /** Where OpenID Connect clients, grants and consents live (SPEC §11); in memory by default. */
    public LatchkeyBuilder oidcStore(OidcStore value) { this.oidcStore = Objects.requireNonNull(value, "oidcStore"); return this; }
    /** Where passkeys and user handles live; in memory by default. */
    public LatchkeyBuilder passkeyStore(PasskeyStore value) { this.passkeyStore = Objects.requireNonNull(value, "passkeyStore"); return this; }
    /** Where the JSON API's open passkey ceremonies live; in memory by default. */
    public LatchkeyBuilder ceremonyStore(CeremonyStore value) { this.ceremonyStore = Objects.requireNonNull(value, "ceremonyStore"); return this; }
    /**
     * Persists every audit event inside the transaction of the change it describes (SPEC §7), e.g.
     * {@code JdbcAuditEventStore::append}; listeners hear of events once they committed. None by default.
     */
    public LatchkeyBuilder auditTrail(LatchkeyEventListener value) { this.auditTrail = Objects.requireNonNull(value, "auditTrail"); return this; }
    /**
     * The sign-in hot path as fused statements (SPEC §8), e.g. latchkey-jdbc's PostgreSQL one; by
     * default the use cases' writes run as calls on the other stores in one transaction.
     */
    public LatchkeyBuilder signInStore(SignInStore value) { this.signInStore = Objects.requireNonNull(value, "signInStore"); return this; }
    /**
     * Where audit events are posted (SPEC §13), and how: each event's calls are queued in the outbox
     * with its audit row and made by the delivery worker. None by default. A {@link SignInStore} that
     * writes audit rows itself must be given the same {@code webhooks}.
     */
    public LatchkeyBuilder webhooks(Webhooks value, WebhookSender sender) {
        this.webhooks = Objects.requireNonNull(value, "webhooks");
        this.webhookSender = Objects.requireNonNull(sender, "sender");
        return this;
    }
    /** The web adapter's page sessions, ended with the API sessions; none by default. */
    public LatchkeyBuilder pageSessions(PageSessions value) { this.pageSessions = Objects.requireNonNull(value, "pageSessions"); return this; }

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
