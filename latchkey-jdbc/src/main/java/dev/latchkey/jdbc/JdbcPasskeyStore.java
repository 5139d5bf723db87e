package dev.latchkey.jdbc;

import dev.latchkey.core.identity.UserId;
import dev.latchkey.core.passkey.CredentialId;
import dev.latchkey.core.passkey.Passkey;
import dev.latchkey.core.passkey.UserHandle;
import dev.latchkey.core.spi.PasskeyStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * User handles in {@code latchkey_passkey_user}, credentials in {@code latchkey_passkey}, whose rows
 * go with their user's handle row ({@code ON DELETE CASCADE}). The primary key on the user id decides
 * a race for a first handle; a use is recorded by one conditional {@code UPDATE} on the counter.
 */
public final class JdbcPasskeyStore implements PasskeyStore {
    private static final String SELECT_HANDLE = "SELECT user_handle FROM latchkey_passkey_user WHERE user_id = ?";
    private static final String SELECT = "SELECT p.credential_id, p.user_id, u.user_handle, p.public_key_cose,"
            + " p.signature_count, p.uv_initialized, p.transports, p.backup_eligible, p.backup_state,"
            + " p.attestation_object, p.attestation_client_data, p.label, p.created_at, p.last_used_at"
            + " FROM latchkey_passkey p JOIN latchkey_passkey_user u ON u.user_id = p.user_id";
    private static final String INSERT = "INSERT INTO latchkey_passkey (credential_id, user_id, public_key_cose,"
            + " signature_count, uv_initialized, transports, backup_eligible, backup_state, attestation_object,"
            + " attestation_client_data, label, created_at, last_used_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String TRANSPORT_SEPARATOR = ",";

    private final Sql sql;

    public JdbcPasskeyStore(JdbcTransactions transactions) {
        this.sql = new Sql(transactions);
    }

    @Override
    public Optional<UserHandle> findUserHandle(UserId user) {
        return sql.first(SELECT_HANDLE, JdbcPasskeyStore::handle, user.value());
    }

    @Override
    public UserHandle userHandle(UserId user, UserHandle candidate) {
        return sql.againIfDeadlockVictim(() -> storedOrInserted(user, candidate));
    }

    @Override
    public Optional<UserId> findUser(UserHandle handle) {
        return sql.first("SELECT user_id FROM latchkey_passkey_user WHERE user_handle = ?",
                row -> new UserId(row.getString(1)), handle.bytes());
    }

    @Override
    public void add(Passkey passkey) {
        sql.againIfDeadlockVictim(() -> sql.inTransaction(() -> {
            if (!storedOrInserted(passkey.userId(), passkey.userHandle()).equals(passkey.userHandle())) {
                throw new IllegalArgumentException("a passkey carries its user's handle");
            }
            if (sql.updateUnlessDuplicate(INSERT, passkey.id().bytes(), passkey.userId().value(),
                    passkey.publicKeyCose(), passkey.signatureCount(), passkey.uvInitialized(),
                    transports(passkey.transports()), passkey.backupEligible(), passkey.backupState(),
                    passkey.attestationObject(), passkey.attestationClientDataJson(), passkey.label(),
                    passkey.createdAt(), passkey.lastUsedAt()).isEmpty()) {
                throw new IllegalStateException("a passkey with this credential id exists");
            }
            return null;
        }));
    }

    @Override
    public Optional<Passkey> find(CredentialId id) {
        return sql.first(SELECT + " WHERE p.credential_id = ?", JdbcPasskeyStore::passkey, id.bytes());
    }

    @Override
    public List<Passkey> list(UserId user) {
        return sql.list(SELECT + " WHERE p.user_id = ? ORDER BY p.created_at", JdbcPasskeyStore::passkey,
                user.value());
    }

    @Override
    public boolean recordUse(CredentialId id, long expectedCount, long newCount, boolean backupState, Instant at) {
        return sql.update("UPDATE latchkey_passkey SET signature_count = ?, backup_state = ?, last_used_at = ?"
                + " WHERE credential_id = ? AND signature_count = ?", newCount, backupState, at, id.bytes(),
                expectedCount) == 1;
    }

    @Override
    public boolean rename(UserId user, CredentialId id, String label) {
        return sql.update("UPDATE latchkey_passkey SET label = ? WHERE credential_id = ? AND user_id = ?",
                Passkey.requireValidLabel(label), id.bytes(), user.value()) == 1;
    }

    @Override
    public boolean remove(UserId user, CredentialId id) {
        return sql.update("DELETE FROM latchkey_passkey WHERE credential_id = ? AND user_id = ?", id.bytes(),
                user.value()) == 1;
    }

    @Override
    public int removeAll(UserId user) {
        return sql.inTransaction(() -> {
            // Counted before the handle's row takes the rest with it.
            int removed = sql.update("DELETE FROM latchkey_passkey WHERE user_id = ?", user.value());
            sql.update("DELETE FROM latchkey_passkey_user WHERE user_id = ?", user.value());
            return removed;
        });
    }

    /** The user's handle, or {@code candidate} once it is stored as the user's. */
    private UserHandle storedOrInserted(UserId user, UserHandle candidate) {
        Optional<UserHandle> stored = findUserHandle(user);
        if (stored.isPresent()) {
            return stored.get();
        }
        if (sql.updateUnlessDuplicate("INSERT INTO latchkey_passkey_user (user_id, user_handle) VALUES (?, ?)",
                user.value(), candidate.bytes()).isPresent()) {
            return candidate;
        }
        // Refused by a key: a racing caller's handle, or the candidate is another user's. A locking read
        // sees the winner's committed row even under MariaDB's repeatable-read snapshot.
        return sql.first(SELECT_HANDLE + " FOR UPDATE", JdbcPasskeyStore::handle, user.value())
                .orElseThrow(() -> new IllegalStateException("this user handle belongs to another account"));
    }

    private static String transports(Set<String> transports) {
        for (String transport : transports) {
            if (transport.isEmpty() || transport.contains(TRANSPORT_SEPARATOR)) {
                throw new IllegalArgumentException("a transport is not empty and has no '" + TRANSPORT_SEPARATOR
                        + "' (was '" + transport + "')");
            }
        }
        return String.join(TRANSPORT_SEPARATOR, new TreeSet<>(transports));
    }

    private static UserHandle handle(ResultSet row) throws SQLException {
        return UserHandle.of(row.getBytes("user_handle"));
    }

    private static Passkey passkey(ResultSet row) throws SQLException {
        String transports = row.getString("transports");
        return new Passkey(CredentialId.of(row.getBytes("credential_id")), new UserId(row.getString("user_id")),
                handle(row), row.getBytes("public_key_cose"), row.getLong("signature_count"),
                row.getBoolean("uv_initialized"), transports.isEmpty() ? Set.of()
                        : Arrays.stream(transports.split(TRANSPORT_SEPARATOR)).collect(Collectors.toSet()),
                row.getBoolean("backup_eligible"), row.getBoolean("backup_state"), row.getBytes("attestation_object"),
                row.getBytes("attestation_client_data"), row.getString("label"), Sql.instant(row, "created_at"),
                Sql.nullableInstant(row, "last_used_at"));
    }
}
