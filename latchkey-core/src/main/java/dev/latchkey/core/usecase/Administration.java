package dev.latchkey.core.usecase;

import dev.latchkey.core.admin.Account;
import dev.latchkey.core.admin.AccountOutcome;
import dev.latchkey.core.admin.AccountPatch;
import dev.latchkey.core.admin.AdminCaller;
import dev.latchkey.core.admin.EventsOutcome;
import dev.latchkey.core.admin.MintOutcome;
import dev.latchkey.core.admin.MintRequest;
import dev.latchkey.core.audit.AuditEvent;
import dev.latchkey.core.audit.AuditEventType;
import dev.latchkey.core.audit.AuditPage;
import dev.latchkey.core.audit.AuditQuery;
import dev.latchkey.core.audit.RecordedEvent;
import dev.latchkey.core.challenge.Challenge;
import dev.latchkey.core.challenge.ChallengeState;
import dev.latchkey.core.challenge.Purpose;
import dev.latchkey.core.challenge.RefusalReason;
import dev.latchkey.core.challenge.RequestId;
import dev.latchkey.core.config.ResendPolicy;
import dev.latchkey.core.config.SupportedLocales;
import dev.latchkey.core.delivery.OutboxEntry;
import dev.latchkey.core.delivery.OutboxKind;
import dev.latchkey.core.identity.Channel;
import dev.latchkey.core.identity.Identifier;
import dev.latchkey.core.identity.IdentifierCheck;
import dev.latchkey.core.identity.User;
import dev.latchkey.core.identity.UserId;
import dev.latchkey.core.identity.UserStatus;
import dev.latchkey.core.secret.Code;
import dev.latchkey.core.secret.LinkToken;
import dev.latchkey.core.session.SessionEndReason;
import dev.latchkey.core.session.UserSessions;
import dev.latchkey.core.spi.ApiSessionStore;
import dev.latchkey.core.spi.AuditEventStore;
import dev.latchkey.core.spi.OidcStore;
import dev.latchkey.core.spi.PasskeyStore;
import dev.latchkey.core.spi.SignInStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The admin API of SPEC §12: mint a sign-in link, look up, change, sign out and erase accounts, list
 * the audit trail. Every call writes an audit event naming the calling client. Disabling and signing
 * out end every session through {@link UserSessions}, the one owner of a user's sessions (SPEC §2 rule 13).
 */
public final class Administration {
    /** The most events one page of the listing holds. */
    public static final int MAX_EVENTS = 200;
    private static final int DEFAULT_EVENTS = 50;
    private static final Pattern ROLE = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");

    private final UseCaseContext ctx;
    private final UserSessions sessions;
    private final ApiSessionStore apiSessions;
    private final PasskeyStore passkeys;
    private final OidcStore oidc;
    private final AuditEventStore trail;

    /** Built by {@code Latchkey#administration}, over the engine's stores and the audit trail it persists to. */
    public Administration(UseCaseContext ctx, UserSessions sessions, ApiSessionStore apiSessions, PasskeyStore passkeys,
                          OidcStore oidc, AuditEventStore trail) {
        this.ctx = ctx;
        this.sessions = sessions;
        this.apiSessions = apiSessions;
        this.passkeys = passkeys;
        this.oidc = oidc;
        this.trail = trail;
    }

    /**
     * A sign-in link and code for a person, of the same kind a sign-in request makes: the account is
     * created if absent (even with registration closed), older pending challenges are revoked as a
     * request revokes them, and with {@code deliver} the message goes through the outbox like any
     * request's. Audited as {@code SIGN_IN_LINK_MINTED}.
     */
    public MintOutcome mintLink(MintRequest request, AdminCaller caller) {
        String field = request.channel() == Channel.EMAIL ? "email" : "phone";
        IdentifierCheck check = request.channel() == Channel.EMAIL ? ctx.identifiers.email(request.identifier())
                : ctx.identifiers.phone(request.identifier());
        if (check instanceof IdentifierCheck.Invalid invalid) {
            return new MintOutcome.Invalid(invalid.field(), invalid.reason());
        }
        if (request.deliver() && !ctx.config.channels().contains(request.channel())) {
            return new MintOutcome.Invalid(field, "Messages by " + (request.channel() == Channel.EMAIL ? "email"
                    : "text message") + " are not enabled; use deliver=false to hand the link over yourself.");
        }
        Duration maxTtl = ctx.config.challenge().ttl();
        Long seconds = request.ttlSeconds();
        if (seconds != null && (seconds < 1 || seconds > maxTtl.toSeconds())) {
            return new MintOutcome.Invalid("ttl", "ttl must be between 1 and " + maxTtl.toSeconds()
                    + " seconds (latchkey.challenge.ttl); was " + seconds + ".");
        }
        Identifier identifier = ((IdentifierCheck.Valid) check).identifier();
        Instant now = ctx.clock.instant();
        Instant expiresAt = now.plus(seconds == null ? maxTtl : Duration.ofSeconds(seconds));
        LinkToken token = LinkToken.generate(ctx.random);
        Code code = Code.generate(ctx.random, ctx.config.code());
        RequestId id = RequestId.generate(ctx.random);
        String purpose = Purpose.LOGIN.key();
        Minting minting = ctx.transactions.inTransaction(() -> {
            User user = ctx.users.createIfAbsent(identifier, UserId.generate(ctx.random, now.toEpochMilli()), now);
            RefusalReason refusal = ctx.standing.refusalFor(user);
            if (refusal != null) {
                return new Minting(new MintOutcome.Refused(refusal), null, null, null);
            }
            Challenge challenge = new Challenge(id, Purpose.LOGIN, identifier, user.id(),
                    request.deliver() ? null : ctx.digests.link(purpose, token),
                    request.deliver() ? null : ctx.digests.code(purpose, id.value(), code), null, null, request.next(),
                    caller.requester(), now, expiresAt, 0, 0, ctx.config.challenge().maxUses(), ChallengeState.PENDING,
                    // SPEC §14: messages follow the user's stored locale; an admin call names none.
                    ctx.config.locales().match(user.locale()).orElse(SupportedLocales.FALLBACK));
            SignInStore.Revocation revoke = ctx.config.challenge().resend() == ResendPolicy.ROTATE
                    ? new SignInStore.Revocation(identifier, Purpose.LOGIN, null) : null;
            AuditEvent audit = event(AuditEventType.SIGN_IN_LINK_MINTED, user.id(), identifier, caller, now,
                    request.deliver() ? "delivered" : "handed_over");
            if (!request.deliver()) {
                ctx.stepwise.record(revoke, challenge, audit);
                return new Minting(new MintOutcome.Minted(ctx.config.linkFor(Purpose.LOGIN, token.reveal()), token, code,
                        expiresAt), audit, null, challenge);
            }
            OutboxEntry entry = OutboxEntry.queue(UUID.randomUUID().toString(), id, identifier, caller.requester(), now,
                    OutboxKind.MESSAGE);
            ctx.stepwise.request(new SignInStore.RequestRows(List.of(), now, revoke, challenge, entry, audit, null));
            return new Minting(new MintOutcome.Queued(expiresAt), audit, entry, challenge);
        });
        if (minting.audit() != null) {
            ctx.audit.announce(minting.audit());
        }
        if (minting.entry() != null && minting.challenge() != null) {
            ctx.handOver.accept(minting.entry(), minting.challenge());
        }
        return minting.outcome();
    }

    /** What the minting transaction decided, with what must be announced and handed over once it committed. */
    private record Minting(MintOutcome outcome, @Nullable AuditEvent audit, @Nullable OutboxEntry entry,
                           @Nullable Challenge challenge) {}

    /** The account with this id. Audited as {@code USER_VIEWED}. */
    public AccountOutcome find(String id, AdminCaller caller) {
        return viewed(existing(id), null, caller);
    }

    /** The account of this email address or phone number. Audited as {@code USER_VIEWED}. */
    public AccountOutcome find(Channel channel, String input, AdminCaller caller) {
        IdentifierCheck check = channel == Channel.EMAIL ? ctx.identifiers.email(input) : ctx.identifiers.phone(input);
        if (check instanceof IdentifierCheck.Invalid invalid) {
            return new AccountOutcome.Invalid(invalid.field(), invalid.reason());
        }
        Identifier identifier = ((IdentifierCheck.Valid) check).identifier();
        return viewed(ctx.users.findByIdentifier(identifier), identifier, caller);
    }

    private AccountOutcome viewed(Optional<User> user, @Nullable Identifier identifier, AdminCaller caller) {
        ctx.audit.publish(event(AuditEventType.USER_VIEWED, user.map(User::id).orElse(null), identifier, caller,
                ctx.clock.instant(), user.isPresent() ? null : "not_found"));
        return user.<AccountOutcome>map(found -> new AccountOutcome.Found(account(found)))
                .orElseGet(AccountOutcome.NotFound::new);
    }

    /**
     * Changes an account's status or roles. Disabling ends every session it has, page and API (SPEC §2
     * rule 13); only this turns a disabled account active again. Audited as {@code USER_UPDATED}, the
     * reason naming what changed.
     */
    public AccountOutcome update(String id, AccountPatch patch, AdminCaller caller) {
        UserStatus status = null;
        if (patch.status() != null) {
            status = switch (patch.status().toLowerCase(Locale.ROOT)) {
                case "active" -> UserStatus.ACTIVE;
                case "disabled" -> UserStatus.DISABLED;
                default -> null;
            };
            if (status == null) {
                return new AccountOutcome.Invalid("status", "status must be active or disabled.");
            }
        }
        Set<String> roles = null;
        if (patch.roles() != null) {
            roles = new HashSet<>(patch.roles());
            for (String role : patch.roles()) {
                if (role == null || !ROLE.matcher(role).matches()) {
                    return new AccountOutcome.Invalid("roles", "Each role must be 1 to 64 letters, digits or _ . : -,"
                            + " e.g. SUPPORT.");
                }
            }
        }
        Optional<User> existing = existing(id);
        if (existing.isEmpty()) {
            return new AccountOutcome.NotFound();
        }
        User before = existing.get();
        User after = status == null ? before : before.withStatus(status);
        after = roles == null ? after : after.withRoles(roles);
        List<String> changed = new ArrayList<>();
        if (after.status() != before.status()) {
            changed.add("status:" + after.status().name().toLowerCase(Locale.ROOT));
        }
        if (!after.roles().equals(before.roles())) {
            changed.add("roles");
        }
        User updated = after;
        boolean found = ctx.transactions.inTransaction(() -> {
            if (!ctx.users.update(updated)) {
                return false;
            }
            ctx.audit.publish(event(AuditEventType.USER_UPDATED, updated.id(), null, caller, ctx.clock.instant(),
                    changed.isEmpty() ? "unchanged" : String.join(",", changed)));
            return true;
        });
        if (!found) {
            return new AccountOutcome.NotFound();
        }
        if (updated.status() == UserStatus.DISABLED && before.status() != UserStatus.DISABLED) {
            sessions.endAllFor(updated.id(), SessionEndReason.USER_DISABLED, caller.clientId());
        }
        return new AccountOutcome.Found(account(updated));
    }

    /** Ends every session of the account, page and API (SPEC §2 rule 13). False when there is no such account. */
    public boolean signOut(String id, AdminCaller caller) {
        Optional<User> account = existing(id);
        if (account.isEmpty()) {
            return false;
        }
        sessions.endAllFor(account.get().id(), SessionEndReason.ADMIN_SIGN_OUT, caller.clientId());
        return true;
    }

    /**
     * Erases an account: its sessions end, then the account, its API sessions and refresh tokens,
     * passkeys, challenges with their outbox rows, and its OpenID Connect grants and consents are
     * deleted, and its audit events keep only its id (no identifier, IP or user agent), in one
     * transaction with the {@code USER_ERASED} event. False when there is no such account.
     */
    public boolean erase(String id, AdminCaller caller) {
        Optional<User> account = existing(id);
        if (account.isEmpty()) {
            return false;
        }
        UserId user = account.get().id();
        sessions.endAllFor(user, SessionEndReason.USER_ERASED, caller.clientId());
        List<Identifier> identifiers = new ArrayList<>();
        account.get().identifier(Channel.EMAIL).ifPresent(identifiers::add);
        account.get().identifier(Channel.SMS).ifPresent(identifiers::add);
        ctx.transactions.inTransaction(() -> {
            ctx.challenges.deleteAll(user, identifiers);
            apiSessions.deleteAll(user);
            passkeys.removeAll(user);
            oidc.deleteGrants(user);
            oidc.deleteConsents(user);
            ctx.users.delete(user);
            trail.erase(user, identifiers);
            ctx.audit.publish(event(AuditEventType.USER_ERASED, user, null, caller, ctx.clock.instant(), null));
            return null;
        });
        return true;
    }

    /**
     * A page of the audit trail, newest first, filtered by user and type, starting after the cursor
     * {@code after} (a page's {@code next}), at most {@code limit} events (default 50, at most
     * {@value #MAX_EVENTS}). Audited as {@code AUDIT_EVENTS_READ} after the page is read.
     */
    public EventsOutcome events(@Nullable String userId, @Nullable String type, @Nullable String after,
                                @Nullable String limit, AdminCaller caller) {
        AuditEventType eventType = null;
        if (type != null) {
            try {
                eventType = AuditEventType.valueOf(type.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                return new EventsOutcome.Invalid("type", "type must be an audit event type, e.g. LOGIN_SUCCEEDED.");
            }
        }
        AuditQuery.Position position = null;
        if (after != null) {
            Optional<AuditQuery.Position> parsed = AuditQuery.Position.parse(after);
            if (parsed.isEmpty()) {
                return new EventsOutcome.Invalid("after", "after must be the next cursor of an earlier page.");
            }
            position = parsed.get();
        }
        int count = DEFAULT_EVENTS;
        if (limit != null) {
            try {
                count = Integer.parseInt(limit);
            } catch (NumberFormatException e) {
                count = 0;
            }
            if (count < 1 || count > MAX_EVENTS) {
                return new EventsOutcome.Invalid("limit", "limit must be a whole number from 1 to " + MAX_EVENTS + ".");
            }
        }
        UserId user = null;
        if (userId != null && !userId.isBlank()) {
            Optional<UserId> parsed = UserId.parse(userId);
            if (parsed.isEmpty()) {
                return new EventsOutcome.Invalid("user_id", "user_id must be a user's id, at most 64 characters.");
            }
            user = parsed.get();
        }
        // One more than asked says whether a next page exists.
        List<RecordedEvent> found = trail.find(new AuditQuery(user, eventType, position, count + 1));
        List<RecordedEvent> page = found.subList(0, Math.min(count, found.size()));
        AuditQuery.Position next = found.size() > count ? AuditQuery.Position.after(page.get(page.size() - 1)) : null;
        ctx.audit.publish(event(AuditEventType.AUDIT_EVENTS_READ, user, null, caller, ctx.clock.instant(), null));
        return new EventsOutcome.Listed(new AuditPage(page, next));
    }

    /** The account with the id {@code id} from the caller; none when no account can have it. */
    private Optional<User> existing(String id) {
        return UserId.parse(id).flatMap(ctx.users::findById);
    }

    private Account account(User user) {
        return new Account(user, passkeys.list(user.id()).size());
    }

    private static AuditEvent event(AuditEventType type, @Nullable UserId user, @Nullable Identifier identifier,
                                    AdminCaller caller, Instant at, @Nullable String reason) {
        return new AuditEvent(type, user, identifier, caller.requester().ip(), caller.requester().userAgent(), at,
                reason, caller.clientId());
    }
}
