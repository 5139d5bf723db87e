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
import java.util.stream.Collectors;

/**
 * Accounts in {@code latchkey_user}. Unique indexes on email and phone decide every race: a refused
 * insert or email change becomes {@link IdentifierTakenException}, a refused creation the existing account.
 */
public final class JdbcUserDirectory implements UserDirectory {
    private static final String INSERT = Tables.insert(Tables.USER, Tables.USER_COLUMNS);
    static final String SELECT = "SELECT " + Tables.USER_COLUMNS + " FROM latchkey_user";
    static final String CHANGE_LOCALE = "UPDATE latchkey_user SET locale = ? WHERE id = ?";

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
            return sql.update(INSERT + " ON CONFLICT DO NOTHING", Tables.user(created)) == 1 ? created : winner(identifier);
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
    public boolean changeLocale(UserId id, Locale locale) {
        return sql.update(CHANGE_LOCALE, locale.toLanguageTag(), id.value()) == 1;
    }

    @Override
    public boolean update(User user) {
        return sql.update("UPDATE latchkey_user SET status = ?, roles = ? WHERE id = ?",
                user.status().name().toLowerCase(Locale.ROOT), Tables.roles(user.roles()), user.id().value()) == 1;
    }

    @Override
    public boolean delete(UserId id) {
        return sql.update("DELETE FROM latchkey_user WHERE id = ?", id.value()) == 1;
    }

    private OptionalInt tryInsert(User user) {
        return sql.updateUnlessDuplicate(INSERT, Tables.user(user));
    }


    private static String whereIdentifier(Identifier identifier) {
        return identifier instanceof EmailAddress ? " WHERE email = ?" : " WHERE phone = ?";
    }

    private static User user(ResultSet row) throws SQLException {
        return user(row, "");
    }

    /** The account in a row whose user columns are named with {@code prefix}, e.g. in a join. */
    static User user(ResultSet row, String prefix) throws SQLException {
        String email = row.getString(prefix + "email");
        String phone = row.getString(prefix + "phone");
        String roles = row.getString(prefix + "roles");
        String locale = row.getString(prefix + "locale");
        return new User(new UserId(row.getString(prefix + "id")), email == null ? null : new EmailAddress(email),
                phone == null ? null : new PhoneNumber(phone),
                UserStatus.valueOf(row.getString(prefix + "status").toUpperCase(Locale.ROOT)),
                roles.isEmpty() ? Set.of() : Arrays.stream(roles.split(Tables.ROLE_SEPARATOR)).collect(Collectors.toSet()),
                Sql.instant(row, prefix + "created_at"), Sql.nullableInstant(row, prefix + "last_login_at"),
                locale == null ? null : Locale.forLanguageTag(locale));
    }
}
