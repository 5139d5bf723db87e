package dev.latchkey.jdbc;

import dev.latchkey.core.identity.UserId;
import dev.latchkey.core.passkey.Ceremony;
import dev.latchkey.core.secret.Digest;
import dev.latchkey.core.spi.CeremonyStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Open ceremonies in {@code latchkey_passkey_ceremony}, keyed by the digest of their id. A take
 * deletes the row and only the caller whose {@code DELETE} removed it gets the ceremony, so of
 * racing finishes across processes exactly one proceeds; purging deletes bounded batches along the
 * expiry index.
 */
public final class JdbcCeremonyStore implements CeremonyStore {
    private static final String COLUMNS = "id_digest, purpose, user_id, options_json, expires_at";

    private final Sql sql;
    private final String purge;

    public JdbcCeremonyStore(JdbcTransactions transactions) {
        this.sql = new Sql(transactions);
        this.purge = transactions.dialect().boundedDelete("latchkey_passkey_ceremony", "id_digest",
                "expires_at <= ?", "expires_at");
    }

    @Override
    public void save(Ceremony ceremony) {
        if (sql.updateUnlessDuplicate("INSERT INTO latchkey_passkey_ceremony (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?)",
                ceremony.idDigest(), ceremony.purpose().name().toLowerCase(Locale.ROOT),
                ceremony.userId() == null ? null : ceremony.userId().value(), ceremony.optionsJson(),
                ceremony.expiresAt()).isEmpty()) {
            throw new IllegalStateException("a ceremony with this id exists");
        }
    }

    @Override
    public Optional<Ceremony> take(Digest idDigest, Instant now) {
        // An expired ceremony is deleted too: it can never be finished, so the take spends it either way.
        return taken(idDigest).filter(ceremony -> now.isBefore(ceremony.expiresAt()));
    }

    @Override
    public int purgeExpired(Instant before, int batchSize) {
        return sql.update(purge, before, batchSize);
    }

    private Optional<Ceremony> taken(Digest idDigest) {
        String delete = "DELETE FROM latchkey_passkey_ceremony WHERE id_digest = ?";
        if (sql.dialect().updateReturns()) {
            return sql.first(delete + " RETURNING " + COLUMNS, JdbcCeremonyStore::ceremony, idDigest);
        }
        // Read under a row lock, then deleted in the same transaction: a racer waits for the lock and
        // then finds no row, and the delete's count settles it should a read ever see a stale row. A
        // deadlock victim's second try finds the row gone.
        return sql.againIfDeadlockVictim(() -> sql.inTransaction(() -> sql.first("SELECT " + COLUMNS
                        + " FROM latchkey_passkey_ceremony WHERE id_digest = ? FOR UPDATE", JdbcCeremonyStore::ceremony,
                        idDigest)
                .filter(ceremony -> sql.update(delete, idDigest) == 1)));
    }

    private static Ceremony ceremony(ResultSet row) throws SQLException {
        String user = row.getString("user_id");
        return new Ceremony(Objects.requireNonNull(Sql.digest(row, "id_digest")),
                Ceremony.Purpose.valueOf(row.getString("purpose").toUpperCase(Locale.ROOT)),
                user == null ? null : new UserId(user), row.getString("options_json"), Sql.instant(row, "expires_at"));
    }
}
