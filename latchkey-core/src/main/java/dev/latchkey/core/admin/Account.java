package dev.latchkey.core.admin;

import dev.latchkey.core.identity.User;
import java.util.Objects;

/**
 * An account as the admin API shows it.
 *
 * @param user the account
 * @param passkeys how many passkeys it holds
 */
public record Account(User user, int passkeys) {

    public Account {
        Objects.requireNonNull(user, "user");
    }
}
