package dev.latchkey.core.spi;

import dev.latchkey.core.identity.UserId;
import dev.latchkey.core.passkey.CredentialId;
import dev.latchkey.core.passkey.Passkey;
import dev.latchkey.core.passkey.UserHandle;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Registered passkeys and the user handle of each account that has one (SPEC §10). Shared by every
 * instance. Methods join the caller's transaction when there is one.
 */
public interface PasskeyStore {

    /** The handle of {@code user}, if it was given one. */
    Optional<UserHandle> findUserHandle(UserId user);

    /**
     * The handle of {@code user}: the stored one, or {@code candidate} stored now. Two racing callers
     * get the same handle. Throws {@link IllegalStateException} if another user holds {@code candidate}.
     */
    UserHandle userHandle(UserId user, UserHandle candidate);

    /** The account a handle names. */
    Optional<UserId> findUser(UserHandle handle);

    /**
     * Stores a new passkey, and its handle as its user's when the user has none yet. Throws
     * {@link IllegalStateException} if its credential id is taken, and {@link IllegalArgumentException}
     * if its user has another handle: a user's passkeys all carry the user's one handle.
     */
    void add(Passkey passkey);

    Optional<Passkey> find(CredentialId id);

    /** The passkeys of {@code user}, oldest first. */
    List<Passkey> list(UserId user);

    /**
     * Records a sign-in with {@code id}: the new counter, backup state and time, only if the stored
     * counter is still {@code expectedCount}, so of two racing uses of one counter value only one is
     * recorded. Returns whether this call did it.
     */
    boolean recordUse(CredentialId id, long expectedCount, long newCount, boolean backupState, Instant at);

    /**
     * Renames a passkey of {@code user}. Returns false when it has none with this id; throws
     * {@link IllegalArgumentException} for a label {@link Passkey#requireValidLabel} refuses.
     */
    boolean rename(UserId user, CredentialId id, String label);

    /** Removes a passkey of {@code user}. Returns false when it has none with this id. */
    boolean remove(UserId user, CredentialId id);

    /** Removes every passkey and the handle of {@code user} (erasure). Returns how many passkeys. */
    int removeAll(UserId user);
}
