package dev.latchkey.core.policy;

import dev.latchkey.core.identity.User;

/** An application's veto on who may sign in (tokenauth's {@code CAN_LOG_IN}). */
@FunctionalInterface
public interface LoginPolicy {

    /** Whether {@code user} may sign in now. */
    boolean canLogIn(User user);

    static LoginPolicy allowAll() {
        return user -> true;
    }
}
