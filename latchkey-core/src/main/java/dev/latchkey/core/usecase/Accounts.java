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
}
