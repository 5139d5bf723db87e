package dev.latchkey.core.memory;

import dev.latchkey.core.identity.EmailAddress;
import dev.latchkey.core.identity.Identifier;
import dev.latchkey.core.identity.PhoneNumber;
import dev.latchkey.core.identity.User;
import dev.latchkey.core.identity.UserId;
import dev.latchkey.core.spi.IdentifierTakenException;
import dev.latchkey.core.spi.UserDirectory;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** Accounts in maps, guarded by the directory's monitor so the uniqueness checks cannot race. */
public final class InMemoryUserDirectory implements UserDirectory {
    private final Map<UserId, User> byId = new HashMap<>();

    @Override
    public synchronized Optional<User> findById(UserId id) {
        return Optional.ofNullable(byId.get(id));
    }

    @Override
    public synchronized Optional<User> findByIdentifier(Identifier identifier) {
        return byId.values().stream().filter(u -> holds(u, identifier)).findFirst();
    }

    @Override
    public synchronized void insert(User user) {
        if (byId.containsKey(user.id()) || (user.email() != null && findByIdentifier(user.email()).isPresent())
                || (user.phone() != null && findByIdentifier(user.phone()).isPresent())) {
            throw new IdentifierTakenException();
        }
        byId.put(user.id(), user);
    }

    @Override
    public synchronized User createIfAbsent(Identifier identifier, UserId newId, Instant now) {
        return findByIdentifier(identifier).orElseGet(() -> {
            User created = User.create(newId, identifier, now);
            byId.put(created.id(), created);
            return created;
        });
    }

    @Override
    public synchronized void recordSignIn(UserId id, Instant at) {
        byId.computeIfPresent(id, (k, u) -> u.withLastLoginAt(at));
    }

    @Override
    public synchronized boolean changeEmail(UserId id, EmailAddress newEmail) {
        Optional<User> holder = findByIdentifier(newEmail);
        if (holder.isPresent() && !holder.get().id().equals(id)) {
            throw new IdentifierTakenException();
        }
        return byId.computeIfPresent(id, (k, u) -> u.withEmail(newEmail)) != null;
    }

    @Override
    public synchronized boolean changeLocale(UserId id, Locale locale) {
        return byId.computeIfPresent(id, (k, u) -> u.withLocale(locale)) != null;
    }

    @Override
    public synchronized boolean update(User user) {
        return byId.computeIfPresent(user.id(), (k, u) -> u.withStatus(user.status()).withRoles(user.roles())) != null;
    }

    @Override
    public synchronized boolean delete(UserId id) {
        return byId.remove(id) != null;
    }

    private static boolean holds(User user, Identifier identifier) {
        if (identifier instanceof EmailAddress) {
            return Objects.equals(user.email(), identifier);
        }
        return identifier instanceof PhoneNumber && Objects.equals(user.phone(), identifier);
    }
}
