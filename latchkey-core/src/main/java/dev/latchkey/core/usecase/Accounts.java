package dev.latchkey.core.usecase;

import dev.latchkey.core.audit.AuditEventType;
import dev.latchkey.core.challenge.RequesterContext;
import dev.latchkey.core.identity.User;
import dev.latchkey.core.identity.UserId;
import dev.latchkey.core.identity.UserStatus;
import dev.latchkey.core.session.SessionEndReason;
import dev.latchkey.core.session.UserSessions;
import java.util.Optional;

/** What happens to an account outside a sign-in: it is disabled, or it signs out. */
public final class Accounts {
    private final UseCaseContext ctx;
    private final UserSessions sessions;

    public Accounts(UseCaseContext ctx, UserSessions sessions) {
        this.ctx = ctx;
        this.sessions = sessions;
    }

    /**
     * Disables an account: it can no longer sign in (SPEC §2 rule 14) and every session it has, page
     * and API, ends. Returns false when there is no such account.
     */
    public boolean disable(UserId user) {
        Optional<User> account = ctx.users.findById(user);
        if (account.isEmpty() || !ctx.users.update(account.get().withStatus(UserStatus.DISABLED))) {
            return false;
        }
        sessions.endAll(user, SessionEndReason.USER_DISABLED);
        return true;
    }

    /** Records that an account signed out (audit event {@code LOGOUT}). */
    public void signedOut(UserId user, RequesterContext requester) {
        ctx.audit.publish(AuditEventType.LOGOUT, user, null, requester, ctx.clock.instant(), null);
    }

    /** Records that an OpenID Connect client was given an authorization code for {@code user} ({@code OIDC_CODE_ISSUED}). */
    public void clientAuthorized(UserId user, String clientId, RequesterContext requester) {
        ctx.audit.publish(AuditEventType.OIDC_CODE_ISSUED, user, null, requester, ctx.clock.instant(), clientId);
    }

    /**
     * Records that {@code user} signed in to an OpenID Connect client: its code was exchanged for an ID token
     * ({@code LOGIN_SUCCEEDED} with method {@code oidc}, SPEC §7).
     */
    public void signedInToClient(UserId user, RequesterContext requester) {
        ctx.audit.publish(AuditEventType.LOGIN_SUCCEEDED, user, null, requester, ctx.clock.instant(), "oidc");
    }

    /**
     * Records that a refresh token an OpenID Connect client had already exchanged came back, so its grant
     * was deleted ({@code REFRESH_REUSE_DETECTED}, reason {@code oidc}).
     */
    public void clientRefreshReused(UserId user) {
        ctx.audit.publish(AuditEventType.REFRESH_REUSE_DETECTED, user, null, RequesterContext.internal(),
                ctx.clock.instant(), "oidc");
    }
}
