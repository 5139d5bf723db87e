package dev.latchkey.core.spi;

import dev.latchkey.core.identity.EmailAddress;
import dev.latchkey.core.identity.Identifier;
import dev.latchkey.core.identity.User;
import dev.latchkey.core.identity.UserId;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * Where accounts live. The default is a JDBC table; an application plugs in its own user table by
 * implementing this. Emails and phone numbers are unique across accounts.
 */
public interface UserDirectory {

    Optional<User> findById(UserId id);

    /** The account whose email or phone (by the identifier's channel) equals {@code identifier}. */
    Optional<User> findByIdentifier(Identifier identifier);

    /**
     * Adds an account. Throws {@link IdentifierTakenException} when its email or phone already
     * belongs to another account.
     */
    void insert(User user);

    /**
     * Returns the account of {@code identifier}, creating an active one with a fresh id when there
     * is none. Concurrent callers for one identifier all get the same account (the unique
     * constraint decides).
     */
    User createIfAbsent(Identifier identifier, UserId newId, Instant now);

    /** Records a successful sign-in. Never changes the account's status. */
    void recordSignIn(UserId id, Instant at);

    /**
     * Changes an account's email. Throws {@link IdentifierTakenException} when another account has
     * it; returns false when the account does not exist.
     */
    boolean changeEmail(UserId id, EmailAddress newEmail);

    /** Stores the locale messages to the account are written in (SPEC §14). Returns false when the account does not exist. */
    boolean changeLocale(UserId id, Locale locale);

    /** Replaces status and roles, for administration and tests. Returns false when the account does not exist. */
    boolean update(User user);

    /** Deletes an account for good (SPEC §12 erasure). Joins the caller's transaction. Returns false when there was none. */
    boolean delete(UserId id);
}
