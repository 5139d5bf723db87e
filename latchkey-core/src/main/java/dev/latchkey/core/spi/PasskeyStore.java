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
     * get the same handle.
     */
    UserHandle userHandle(UserId user, UserHandle candidate);

    /** The account a handle names. */
    Optional<UserId> findUser(UserHandle handle);

    /** Stores a new passkey. Throws if its credential id is taken. */
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

    /** Renames a passkey of {@code user}. Returns false when it has none with this id. */
    boolean rename(UserId user, CredentialId id, String label);

    /** Removes a passkey of {@code user}. Returns false when it has none with this id. */
    boolean remove(UserId user, CredentialId id);

    /** Removes every passkey and the handle of {@code user} (erasure). Returns how many passkeys. */
    int removeAll(UserId user);
}
