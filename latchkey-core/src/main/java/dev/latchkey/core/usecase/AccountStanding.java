package dev.latchkey.core.usecase;

import dev.latchkey.core.audit.AuditEventType;
import dev.latchkey.core.challenge.Challenge;
import dev.latchkey.core.challenge.RedemptionOutcome;
import dev.latchkey.core.challenge.RefusalReason;
import dev.latchkey.core.challenge.RequesterContext;
import dev.latchkey.core.config.LatchkeyConfig;
import dev.latchkey.core.identity.User;
import dev.latchkey.core.identity.UserId;
import dev.latchkey.core.policy.LoginPolicy;
import dev.latchkey.core.policy.UserVerifier;
import dev.latchkey.core.session.SessionEndReason;
import dev.latchkey.core.spi.UserDirectory;
import java.time.Instant;
import java.util.Collections;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** Whether an account may sign in (SPEC §2 rule 14), for every use case that signs one in or keeps it in. */
final class AccountStanding {
    private final LatchkeyConfig config;
    private final UserDirectory users;
    private final LoginPolicy loginPolicy;
    private final UserVerifier userVerifier;
    private final Audit audit;

    AccountStanding(LatchkeyConfig config, UserDirectory users, LoginPolicy loginPolicy, UserVerifier userVerifier,
                    Audit audit) {
        this.config = config;
        this.users = users;
        this.loginPolicy = loginPolicy;
        this.userVerifier = userVerifier;
        this.audit = audit;
    }

    /** Why this account may not sign in, or null when it may. */
    @Nullable RefusalReason refusalFor(User user) {
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
    Optional<SessionEndReason> sessionsMustEnd(UserId user) {
        return users.findById(user)
                .map(account -> Optional.ofNullable(refusalFor(account)).map(AccountStanding::endReason))
                .orElse(Optional.of(SessionEndReason.ACCOUNT_REFUSED));
    }

    /** Audits a refused sign-in of {@code challenge} and answers it. */
    RedemptionOutcome.Refused refuse(Challenge challenge, RequesterContext requester,
                                     Instant now, RefusalReason reason) {
        audit.publish(AuditEventType.LOGIN_FAILED, challenge.userId(), challenge.identifier(), requester, now,
                "refused_" + reason.name().toLowerCase(Locale.ROOT));
        return new RedemptionOutcome.Refused(reason);
    }

    static SessionEndReason endReason(RefusalReason refusal) {
        return refusal == RefusalReason.DISABLED ? SessionEndReason.USER_DISABLED : SessionEndReason.ACCOUNT_REFUSED;
    }
}
