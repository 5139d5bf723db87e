package dev.latchkey.core.policy;

import dev.latchkey.core.identity.User;

/**
 * A last check on the account just before it is signed in (nopassword's {@code verify_user}),
 * e.g. that it still exists in a system of record.
 */
@FunctionalInterface
public interface UserVerifier {

    boolean verify(User user);

    static UserVerifier acceptAll() {
        return user -> true;
    }
}
