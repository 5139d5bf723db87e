package dev.latchkey.spring.web;

import dev.latchkey.core.identity.User;
import dev.latchkey.core.identity.UserId;
import java.io.Serial;
import java.io.Serializable;
import java.security.Principal;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The signed-in person as Spring Security's principal. Two instances are equal when they name the
 * same account, so the session registry finds every session of one user.
 *
 * @param id the account id
 * @param email the account's email at sign-in, or null
 * @param phone the account's phone at sign-in, or null
 * @param roles the account's roles
 */
public record LatchkeyUser(String id, @Nullable String email, @Nullable String phone, Set<String> roles)
        implements Principal, Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    public LatchkeyUser {
        roles = Set.copyOf(roles);
    }

    public static LatchkeyUser of(User user) {
        return new LatchkeyUser(user.id().value(), user.email() == null ? null : user.email().value(),
                user.phone() == null ? null : user.phone().value(), user.roles());
    }

    public UserId userId() {
        return new UserId(id);
    }

    @Override
    public String getName() {
        return id;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof LatchkeyUser user && user.id.equals(id);
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }
}
