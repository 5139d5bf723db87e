package dev.latchkey.jdbc;

import dev.latchkey.core.session.SigningKey;
import dev.latchkey.core.spi.SigningKeyStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/**
 * Signing keys in {@code latchkey_signing_key}. The primary key on {@code kid} decides which of two
 * instances inserting the same key wins.
 */
public final class JdbcSigningKeyStore implements SigningKeyStore {
    private final Sql sql;

    public JdbcSigningKeyStore(JdbcTransactions transactions) {
        this.sql = new Sql(transactions);
    }

    @Override
    public List<SigningKey> findAll() {
        return sql.list("SELECT kid, jwk, created_at, retired_at FROM latchkey_signing_key"
                + " ORDER BY created_at DESC, kid DESC", JdbcSigningKeyStore::signingKey);
    }

    @Override
    public boolean insert(SigningKey key) {
        return sql.updateUnlessDuplicate("INSERT INTO latchkey_signing_key (kid, jwk, created_at, retired_at)"
                + " VALUES (?, ?, ?, ?)", key.kid(), key.jwk(), key.createdAt(), key.retiredAt()).isPresent();
    }

    @Override
    public void replaceJwk(String kid, String jwk) {
        sql.update("UPDATE latchkey_signing_key SET jwk = ? WHERE kid = ?", jwk, kid);
    }

    @Override
    public void retire(String kid, Instant at) {
        // The first retirement stands, so a key's verification window is not stretched by a repeat.
        sql.update("UPDATE latchkey_signing_key SET retired_at = ? WHERE kid = ? AND retired_at IS NULL", at, kid);
    }

    @Override
    public int deleteRetiredBefore(Instant before) {
        return sql.update("DELETE FROM latchkey_signing_key WHERE retired_at < ?", before);
    }

    private static SigningKey signingKey(ResultSet row) throws SQLException {
        return new SigningKey(row.getString("kid"), row.getString("jwk"), Sql.instant(row, "created_at"),
                Sql.nullableInstant(row, "retired_at"));
    }
}
