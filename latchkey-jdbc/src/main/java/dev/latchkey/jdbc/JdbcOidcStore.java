package dev.latchkey.jdbc;

import dev.latchkey.core.identity.UserId;
import dev.latchkey.core.oidc.OidcClient;
import dev.latchkey.core.oidc.OidcConsent;
import dev.latchkey.core.oidc.OidcGrant;
import dev.latchkey.core.oidc.OidcGrantMatch;
import dev.latchkey.core.secret.Digest;
import dev.latchkey.core.spi.OidcStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.Map;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The OpenID Provider's state in {@code latchkey_oidc_client}, {@code latchkey_oidc_grant},
 * {@code latchkey_oidc_token} (digests only) and {@code latchkey_oidc_consent}. A grant is saved in
 * one transaction that locks its row, so the refresh digest it replaces is retired exactly once.
 */
public final class JdbcOidcStore implements OidcStore {
    private static final String SELECT_CLIENT = "SELECT id, client_id, payload FROM latchkey_oidc_client";
    private static final String SELECT_GRANT = "SELECT g.id, g.client_id, g.user_id, g.payload, g.refresh_digest,"
            + " g.expires_at FROM latchkey_oidc_grant g";
    private static final String INSERT_TOKEN = "INSERT INTO latchkey_oidc_token (digest, grant_id, retired)"
            + " VALUES (?, ?, ?)";

    private final Sql sql;
    private final String purge;

    public JdbcOidcStore(JdbcTransactions transactions) {
        this.sql = new Sql(transactions);
        this.purge = transactions.dialect().boundedDelete("latchkey_oidc_grant", "id", "expires_at < ?", "expires_at");
    }

    @Override
    public void saveClient(OidcClient client) {
        sql.againIfDeadlockVictim(() -> sql.inTransaction(() -> {
            sql.update("DELETE FROM latchkey_oidc_client WHERE client_id = ? OR id = ?", client.clientId(), client.id());
            // Instances starting together save the same clients; the one refused here replaces the winner's row.
            if (sql.updateUnlessDuplicate("INSERT INTO latchkey_oidc_client (id, client_id, payload) VALUES (?, ?, ?)",
                    client.id(), client.clientId(), client.payload()).isEmpty()) {
                sql.update("UPDATE latchkey_oidc_client SET id = ?, payload = ? WHERE client_id = ?", client.id(),
                        client.payload(), client.clientId());
            }
            return null;
        }));
    }

    @Override
    public Optional<OidcClient> findClient(String id) {
        return sql.first(SELECT_CLIENT + " WHERE id = ?", JdbcOidcStore::client, id);
    }

    @Override
    public Optional<OidcClient> findClientByClientId(String clientId) {
        return sql.first(SELECT_CLIENT + " WHERE client_id = ?", JdbcOidcStore::client, clientId);
    }

    @Override
    public void saveGrant(OidcGrant grant) {
        sql.inTransaction(() -> {
            Optional<Optional<Digest>> previous = sql.first(
                    "SELECT refresh_digest FROM latchkey_oidc_grant WHERE id = ? FOR UPDATE",
                    row -> Optional.ofNullable(Sql.digest(row, "refresh_digest")), grant.id());
            if (previous.isPresent()) {
                sql.update("UPDATE latchkey_oidc_grant SET client_id = ?, user_id = ?, payload = ?, refresh_digest = ?,"
                                + " expires_at = ? WHERE id = ?", grant.clientId(), grant.user().value(), grant.payload(),
                        grant.refresh(), grant.expiresAt(), grant.id());
                sql.update("DELETE FROM latchkey_oidc_token WHERE grant_id = ? AND retired = ?", grant.id(), false);
            } else {
                sql.update("INSERT INTO latchkey_oidc_grant (id, client_id, user_id, payload, refresh_digest, expires_at)"
                                + " VALUES (?, ?, ?, ?, ?, ?)", grant.id(), grant.clientId(), grant.user().value(),
                        grant.payload(), grant.refresh(), grant.expiresAt());
            }
            List<@Nullable Object[]> tokens = new ArrayList<>();
            Digest replaced = previous.flatMap(d -> d).orElse(null);
            if (replaced != null && !replaced.equals(grant.refresh())) {
                tokens.add(new Object[] {replaced, grant.id(), true});
            }
            grant.digests().forEach(digest -> tokens.add(new Object[] {digest, grant.id(), false}));
            if (!tokens.isEmpty()) {
                sql.batch(INSERT_TOKEN, tokens);
            }
            return null;
        });
    }

    @Override
    public Optional<OidcGrant> findGrant(String id) {
        return sql.inTransaction(() -> sql.first(SELECT_GRANT + " WHERE g.id = ?", GrantRow::read, id)
                .map(this::withDigests));
    }

    @Override
    public Optional<OidcGrantMatch> findGrantByDigest(Digest digest) {
        return sql.inTransaction(() -> sql.first(SELECT_GRANT.replace("SELECT ", "SELECT t.retired, ")
                                + " JOIN latchkey_oidc_token t ON t.grant_id = g.id WHERE t.digest = ?",
                        row -> Map.entry(GrantRow.read(row), row.getBoolean("retired")), digest)
                .map(found -> new OidcGrantMatch(withDigests(found.getKey()), found.getValue())));
    }

    @Override
    public boolean deleteGrant(String id) {
        return sql.update("DELETE FROM latchkey_oidc_grant WHERE id = ?", id) > 0;
    }

    @Override
    public int deleteGrants(UserId user) {
        return sql.update("DELETE FROM latchkey_oidc_grant WHERE user_id = ?", user.value());
    }

    @Override
    public void saveConsent(OidcConsent consent) {
        String authorities = String.join(" ", consent.authorities());
        sql.inTransaction(() -> {
            String update = "UPDATE latchkey_oidc_consent SET authorities = ? WHERE client_id = ? AND user_id = ?";
            if (sql.update(update, authorities, consent.clientId(), consent.user().value()) == 0
                    && sql.updateUnlessDuplicate("INSERT INTO latchkey_oidc_consent (client_id, user_id, authorities)"
                    + " VALUES (?, ?, ?)", consent.clientId(), consent.user().value(), authorities).isEmpty()) {
                sql.update(update, authorities, consent.clientId(), consent.user().value());
            }
            return null;
        });
    }

    @Override
    public Optional<OidcConsent> findConsent(String clientId, UserId user) {
        return sql.first("SELECT authorities FROM latchkey_oidc_consent WHERE client_id = ? AND user_id = ?",
                row -> new OidcConsent(clientId, user, Arrays.stream(row.getString("authorities").split(" "))
                        .filter(a -> !a.isEmpty()).collect(Collectors.toSet())), clientId, user.value());
    }

    @Override
    public void deleteConsent(String clientId, UserId user) {
        sql.update("DELETE FROM latchkey_oidc_consent WHERE client_id = ? AND user_id = ?", clientId, user.value());
    }

    @Override
    public int deleteConsents(UserId user) {
        return sql.update("DELETE FROM latchkey_oidc_consent WHERE user_id = ?", user.value());
    }

    @Override
    public int purgeExpired(Instant before, int batchSize) {
        return sql.update(purge, before, batchSize);
    }

    private static OidcClient client(ResultSet row) throws SQLException {
        return new OidcClient(row.getString("id"), row.getString("client_id"), row.getBytes("payload"));
    }

    /** A grant's row, read before its digests are (one open result set per connection at a time). */
    private record GrantRow(String id, String clientId, String userId, byte[] payload, @Nullable Digest refresh,
                            Instant expiresAt) {
        static GrantRow read(ResultSet row) throws SQLException {
            return new GrantRow(row.getString("id"), row.getString("client_id"), row.getString("user_id"),
                    row.getBytes("payload"), Sql.digest(row, "refresh_digest"), Sql.instant(row, "expires_at"));
        }
    }

    private OidcGrant withDigests(GrantRow row) {
        Set<Digest> digests = Set.copyOf(sql.list("SELECT digest FROM latchkey_oidc_token WHERE grant_id = ? AND retired = ?",
                r -> Objects.requireNonNull(Sql.digest(r, "digest")), row.id(), false));
        return new OidcGrant(row.id(), row.clientId(), new UserId(row.userId()), row.payload(), row.refresh(), digests,
                row.expiresAt());
    }
}
