package dev.latchkey.core.memory;

import dev.latchkey.core.identity.UserId;
import dev.latchkey.core.passkey.CredentialId;
import dev.latchkey.core.passkey.Passkey;
import dev.latchkey.core.passkey.UserHandle;
import dev.latchkey.core.spi.PasskeyStore;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Passkeys and user handles in maps, guarded by the store's monitor. */
public final class InMemoryPasskeyStore implements PasskeyStore {
    private final Map<UserId, UserHandle> handles = new HashMap<>();
    private final Map<CredentialId, Passkey> passkeys = new HashMap<>();

    @Override
    public synchronized Optional<UserHandle> findUserHandle(UserId user) {
        return Optional.ofNullable(handles.get(user));
    }

    @Override
    public synchronized UserHandle userHandle(UserId user, UserHandle candidate) {
        UserHandle stored = handles.get(user);
        if (stored != null) {
            return stored;
        }
        if (handles.containsValue(candidate)) {
            throw new IllegalStateException("this user handle belongs to another account");
        }
        handles.put(user, candidate);
        return candidate;
    }

    @Override
    public synchronized Optional<UserId> findUser(UserHandle handle) {
        return handles.entrySet().stream().filter(e -> e.getValue().equals(handle)).map(Map.Entry::getKey).findFirst();
    }

    @Override
    public synchronized void add(Passkey passkey) {
        if (passkeys.containsKey(passkey.id())) {
            throw new IllegalStateException("a passkey with this credential id exists");
        }
        if (!userHandle(passkey.userId(), passkey.userHandle()).equals(passkey.userHandle())) {
            throw new IllegalArgumentException("a passkey carries its user's handle");
        }
        passkeys.put(passkey.id(), passkey);
    }

    @Override
    public synchronized Optional<Passkey> find(CredentialId id) {
        return Optional.ofNullable(passkeys.get(id));
    }

    @Override
    public synchronized List<Passkey> list(UserId user) {
        return passkeys.values().stream().filter(p -> p.userId().equals(user))
                .sorted(Comparator.comparing(Passkey::createdAt)).toList();
    }

    @Override
    public synchronized boolean recordUse(CredentialId id, long expectedCount, long newCount, boolean backupState,
                                          Instant at) {
        Passkey p = passkeys.get(id);
        if (p == null || p.signatureCount() != expectedCount) {
            return false;
        }
        passkeys.put(id, new Passkey(p.id(), p.userId(), p.userHandle(), p.publicKeyCose(), newCount,
                p.uvInitialized(), p.transports(), p.backupEligible(), backupState, p.attestationObject(),
                p.attestationClientDataJson(), p.label(), p.createdAt(), at));
        return true;
    }

    @Override
    public synchronized boolean rename(UserId user, CredentialId id, String label) {
        Passkey.requireValidLabel(label);
        Passkey p = passkeys.get(id);
        if (p == null || !p.userId().equals(user)) {
            return false;
        }
        passkeys.put(id, new Passkey(p.id(), p.userId(), p.userHandle(), p.publicKeyCose(), p.signatureCount(),
                p.uvInitialized(), p.transports(), p.backupEligible(), p.backupState(), p.attestationObject(),
                p.attestationClientDataJson(), label, p.createdAt(), p.lastUsedAt()));
        return true;
    }

    @Override
    public synchronized boolean remove(UserId user, CredentialId id) {
        Passkey p = passkeys.get(id);
        if (p == null || !p.userId().equals(user)) {
            return false;
        }
        passkeys.remove(id);
        return true;
    }

    @Override
    public synchronized int removeAll(UserId user) {
        handles.remove(user);
        List<CredentialId> owned = passkeys.values().stream().filter(p -> p.userId().equals(user))
                .map(Passkey::id).toList();
        owned.forEach(passkeys::remove);
        return owned.size();
    }
}
