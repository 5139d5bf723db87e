package dev.latchkey.jdbc;

import dev.latchkey.core.identity.EmailAddress;
import dev.latchkey.core.identity.Identifier;
import dev.latchkey.core.identity.PhoneNumber;
import dev.latchkey.core.identity.User;
import dev.latchkey.core.identity.UserId;
import dev.latchkey.core.identity.UserStatus;
import dev.latchkey.core.spi.IdentifierTakenException;
import dev.latchkey.core.spi.UserDirectory;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Accounts in {@code latchkey_user}. Unique indexes on email and phone decide every race: a refused
 * insert or email change becomes {@link IdentifierTakenException}, a refused creation the existing account.
 */
public final class JdbcUserDirectory implements UserDirectory {
    private static final String INSERT = "INSERT INTO latchkey_user (id, email, phone, status, roles, created_at,"
            + " last_login_at) VALUES (?, ?, ?, ?, ?, ?, ?)";
    private static final String SELECT = "SELECT id, email, phone, status, roles, created_at, last_login_at"
            + " FROM latchkey_user";
    private static final String ROLE_SEPARATOR = ",";

    private final Sql sql;

    public JdbcUserDirectory(JdbcTransactions transactions) {
        this.sql = new Sql(transactions);
    }

    @Override
    public Optional<User> findById(UserId id) {
        return sql.first(SELECT + " WHERE id = ?", JdbcUserDirectory::user, id.value());
    }

    @Override
    public Optional<User> findByIdentifier(Identifier identifier) {
        return sql.first(SELECT + whereIdentifier(identifier), JdbcUserDirectory::user, identifier.value());
    }

    @Override
    public void insert(User user) {
        if (tryInsert(user).isEmpty()) {
            throw new IdentifierTakenException();
        }
    }

    @Override
    public User createIfAbsent(Identifier identifier, UserId newId, Instant now) {
        User created = User.create(newId, identifier, now);
        if (sql.dialect().insertSkipsConflicts()) {
            // One statement: no look first and no savepoint; it waits for a racing insert to settle.
            return sql.update(INSERT + " ON CONFLICT DO NOTHING", values(created)) == 1 ? created : winner(identifier);
        }
        return sql.againIfDeadlockVictim(() -> {
            Optional<User> existing = findByIdentifier(identifier);
            if (existing.isPresent()) {
                return existing.get();
            }
            return tryInsert(created).isPresent() ? created : winner(identifier);
        });
    }

    /** A locking read sees the winner's committed row even under MariaDB's repeatable-read snapshot. */
    private User winner(Identifier identifier) {
        return sql.first(SELECT + whereIdentifier(identifier) + " FOR UPDATE", JdbcUserDirectory::user,
                        identifier.value())
                .orElseThrow(() -> new IllegalStateException(
                "a new account was refused by a unique constraint, yet no account holds its identifier"));
    }

    @Override
    public void recordSignIn(UserId id, Instant at) {
        sql.update("UPDATE latchkey_user SET last_login_at = ? WHERE id = ?", at, id.value());
    }

    @Override
    public boolean changeEmail(UserId id, EmailAddress newEmail) {
        OptionalInt changed = sql.updateUnlessDuplicate("UPDATE latchkey_user SET email = ? WHERE id = ?",
                newEmail.value(), id.value());
        if (changed.isEmpty()) {
            throw new IdentifierTakenException();
        }
        return changed.getAsInt() == 1;
    }

    @Override
    public boolean update(User user) {
        return sql.update("UPDATE latchkey_user SET status = ?, roles = ? WHERE id = ?",
                user.status().name().toLowerCase(Locale.ROOT), roles(user.roles()), user.id().value()) == 1;
    }

    private OptionalInt tryInsert(User user) {
        return sql.updateUnlessDuplicate(INSERT, values(user));
    }

    private static @Nullable Object[] values(User user) {
        return new @Nullable Object[] {user.id().value(), user.email() == null ? null : user.email().value(),
                user.phone() == null ? null : user.phone().value(), user.status().name().toLowerCase(Locale.ROOT),
                roles(user.roles()), user.createdAt(), user.lastLoginAt()};
    }

    private static String whereIdentifier(Identifier identifier) {
        return identifier instanceof EmailAddress ? " WHERE email = ?" : " WHERE phone = ?";
    }

    private static String roles(Set<String> roles) {
        for (String role : roles) {
            if (role.isEmpty() || role.contains(ROLE_SEPARATOR)) {
                throw new IllegalArgumentException("a role name is not empty and has no '" + ROLE_SEPARATOR
                        + "' (was '" + role + "')");
            }
        }
        return String.join(ROLE_SEPARATOR, new TreeSet<>(roles));
    }

    private static User user(ResultSet row) throws SQLException {
        String email = row.getString("email");
        String phone = row.getString("phone");
        String roles = row.getString("roles");
        return new User(new UserId(row.getString("id")), email == null ? null : new EmailAddress(email),
                phone == null ? null : new PhoneNumber(phone),
                UserStatus.valueOf(row.getString("status").toUpperCase(Locale.ROOT)),
                roles.isEmpty() ? Set.of() : Arrays.stream(roles.split(ROLE_SEPARATOR)).collect(Collectors.toSet()),
                Sql.instant(row, "created_at"), Sql.nullableInstant(row, "last_login_at"));
    }
}
