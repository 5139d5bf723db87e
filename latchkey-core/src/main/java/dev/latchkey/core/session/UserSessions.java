package dev.latchkey.core.session;

import dev.latchkey.core.audit.AuditEvent;
import dev.latchkey.core.audit.AuditEventType;
import dev.latchkey.core.audit.EventPublisher;
import dev.latchkey.core.identity.UserId;
import dev.latchkey.core.spi.ApiSessionStore;
import dev.latchkey.core.spi.OidcStore;
import dev.latchkey.core.spi.PageSessions;
import dev.latchkey.core.spi.Transactions;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * One user, one set of sessions (SPEC §2 rule 13): the single place that decides "end every
 * session of this user, except maybe one". It ends the page sessions (through {@link PageSessions}),
 * the API sessions (refresh families in the {@link ApiSessionStore}) and the grants OpenID Connect
 * clients hold (authorizations and their refresh tokens in the {@link OidcStore}) together, and audits
 * {@code SESSIONS_REVOKED} with the reason. Sign out everywhere, {@code logout-all}, a confirmed
 * email change, disabling a user and a {@code LoginPolicy} veto all come here; adapters only call it.
 */
public final class UserSessions {
    private final ApiSessionStore api;
    private final PageSessions pages;
    private final OidcStore oidc;
    private final Transactions transactions;
    private final Clock clock;
    private final EventPublisher events;
    private final Function<UserId, Optional<SessionEndReason>> standing;

    /**
     * Built by {@code Latchkey}, which supplies its transactions, clock, listeners and the account check.
     *
     * @param oidc the grants of OpenID Connect clients, which end with the API sessions
     * @param transactions those of the API session store, so a revocation and its audit row commit together
     * @param standing why the account's sessions must end now (disabled, vetoed, gone), or empty while they may go on
     */
    public UserSessions(ApiSessionStore api, PageSessions pages, OidcStore oidc, Transactions transactions, Clock clock,
                        EventPublisher events, Function<UserId, Optional<SessionEndReason>> standing) {
        this.api = Objects.requireNonNull(api, "api");
        this.pages = Objects.requireNonNull(pages, "pages");
        this.oidc = Objects.requireNonNull(oidc, "oidc");
        this.transactions = Objects.requireNonNull(transactions, "transactions");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.events = Objects.requireNonNull(events, "events");
        this.standing = Objects.requireNonNull(standing, "standing");
    }

    /** Ends every session of {@code user} on both surfaces. Returns how many ended. */
    public int endAll(UserId user, SessionEndReason reason) {
        return endAllExcept(user, KeptSession.none(), reason);
    }

    /**
     * Ends every session of {@code user} on both surfaces except {@code keep}. Returns how many ended.
     * The API sessions' revocation, the deletion of the OpenID Connect grants (never kept: a grant is not
     * the session that asked) and the {@code SESSIONS_REVOKED} audit row commit together (SPEC §7);
     * the page sessions, which live outside the database, end after that commit.
     */
    public int endAllExcept(UserId user, KeptSession keep, SessionEndReason reason) {
        return end(user, keep, reason, null);
    }

    /**
     * Ends every session of {@code user} on both surfaces at an admin client's request (SPEC §12); the
     * {@code SESSIONS_REVOKED} event names the client. Returns how many ended.
     */
    public int endAllFor(UserId user, SessionEndReason reason, String clientId) {
        return end(user, KeptSession.none(), reason, clientId);
    }

    private int end(UserId user, KeptSession keep, SessionEndReason reason, @Nullable String clientId) {
        Instant now = clock.instant();
        int revoked = transactions.inTransaction(() -> {
            int count = api.revokeAll(user, keep instanceof KeptSession.Api kept ? kept.id() : null, now)
                    + oidc.deleteGrants(user);
            events.publish(new AuditEvent(AuditEventType.SESSIONS_REVOKED, user, null, null, null, now, reason.key(),
                    clientId));
            return count;
        });
        return revoked + pages.endAll(user, keep instanceof KeptSession.Page kept ? kept.id() : null);
    }

    /**
     * Whether the sessions of {@code user} may go on, re-checking the account's status and the
     * application's policy (e.g. before a refresh). When they may not, every session ends first.
     */
    public boolean mayContinue(UserId user) {
        Optional<SessionEndReason> reason = standing.apply(user);
        reason.ifPresent(r -> endAll(user, r));
        return reason.isEmpty();
    }
}
