package dev.latchkey.jdbc;

import dev.latchkey.core.challenge.Challenge;
import dev.latchkey.core.challenge.ChallengeState;
import dev.latchkey.core.challenge.Purpose;
import dev.latchkey.core.challenge.RequestId;
import dev.latchkey.core.challenge.RequesterContext;
import dev.latchkey.core.identity.Identifier;
import dev.latchkey.core.identity.UserId;
import dev.latchkey.core.secret.Digest;
import dev.latchkey.core.spi.ChallengeStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Challenges in {@code latchkey_challenge}. Redemption and attempt counting are each decided by one
 * conditional {@code UPDATE}'s row count; purging deletes bounded batches along the expiry index, and
 * the outbox rows go with their challenge ({@code ON DELETE CASCADE}).
 */
public final class JdbcChallengeStore implements ChallengeStore {
    static final String SELECT = "SELECT " + Tables.CHALLENGE_COLUMNS + " FROM latchkey_challenge";
    private static final String PENDING_UNEXPIRED = " WHERE id = ? AND state = 'pending' AND expires_at > ?";
    private static final String COUNT_ATTEMPT = "UPDATE latchkey_challenge SET attempts = attempts + 1"
            + PENDING_UNEXPIRED + " AND attempts < ?";
    // State is assigned first: MariaDB evaluates SET left to right, PostgreSQL and H2 all at once.
    static final String SPEND_USE = "UPDATE latchkey_challenge"
            + " SET state = CASE WHEN uses + 1 >= max_uses THEN 'consumed' ELSE state END, uses = uses + 1"
            + PENDING_UNEXPIRED + " AND uses < max_uses";

    private final Sql sql;
    private final String purge;

    public JdbcChallengeStore(JdbcTransactions transactions) {
        this.sql = new Sql(transactions);
        this.purge = transactions.dialect().boundedDelete("latchkey_challenge", "id", "expires_at <= ?", "expires_at");
    }

    @Override
    public void insert(Challenge c) {
        sql.update(Tables.insert(Tables.CHALLENGE, Tables.CHALLENGE_COLUMNS), Tables.challenge(c));
    }

    @Override
    public Optional<Challenge> findById(RequestId id) {
        return sql.first(SELECT + " WHERE id = ?", JdbcChallengeStore::challenge, id.value());
    }

    @Override
    public Optional<Challenge> findByLinkDigest(Collection<Digest> candidates) {
        if (candidates.isEmpty()) {
            return Optional.empty();
        }
        return sql.first(SELECT + " WHERE link_digest IN (" + Sql.placeholders(candidates.size()) + ")",
                JdbcChallengeStore::challenge, candidates.toArray());
    }

    @Override
    public Optional<Challenge> findNewestPending(Identifier identifier, Purpose purpose, Instant now) {
        return sql.first(SELECT + " WHERE identifier = ? AND purpose = ? AND state = 'pending' AND channel = ?"
                        + " AND expires_at > ? ORDER BY created_at DESC LIMIT 1",
                JdbcChallengeStore::challenge, identifier.value(), purpose.key(), identifier.channel().key(), now);
    }

    @Override
    public boolean storeSecrets(RequestId id, @Nullable Digest expectedLink, @Nullable Digest linkDigest,
                                @Nullable Digest codeDigest) {
        String update = "UPDATE latchkey_challenge SET link_digest = ?, code_digest = ? WHERE id = ? AND state = 'pending'";
        if (expectedLink == null) {
            return sql.update(update + " AND link_digest IS NULL", linkDigest, codeDigest, id.value()) == 1;
        }
        return sql.update(update + " AND link_digest = ?", linkDigest, codeDigest, id.value(), expectedLink) == 1;
    }

    @Override
    public Set<RequestId> storeSecrets(List<Secrets> updates) {
        if (updates.isEmpty()) {
            return Set.of();
        }
        if (sql.dialect().updateReturns()) {
            List<Object> params = new ArrayList<>();
            for (Secrets update : updates) {
                params.addAll(Arrays.asList(update.id().value(), update.expectedLink(), update.linkDigest(),
                        update.codeDigest()));
            }
            String rows = String.join(", ", Collections.nCopies(updates.size(),
                    "(?, CAST(? AS bytea), CAST(? AS bytea), CAST(? AS bytea))"));
            return new HashSet<>(sql.list("UPDATE latchkey_challenge c SET link_digest = v.link, code_digest = v.code"
                    + " FROM (VALUES " + rows + ") AS v (id, expected, link, code) WHERE c.id = v.id"
                    + " AND c.state = 'pending' AND c.link_digest IS NOT DISTINCT FROM v.expected RETURNING c.id",
                    row -> new RequestId(row.getString(1)), params.toArray()));
        }
        List<@Nullable Object[]> rows = new ArrayList<>();
        for (Secrets update : updates) {
            rows.add(new @Nullable Object[] {update.linkDigest(), update.codeDigest(), update.id().value(),
                    update.expectedLink()});
        }
        int[] counts = sql.batch("UPDATE latchkey_challenge SET link_digest = ?, code_digest = ? WHERE id = ?"
                + " AND state = 'pending' AND " + sql.dialect().nullSafeEquals("link_digest"), rows);
        Set<RequestId> stored = new HashSet<>();
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] == 1) {
                stored.add(updates.get(i).id());
            }
        }
        return stored;
    }

    @Override
    public Map<RequestId, Challenge> findAllById(Collection<RequestId> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        Map<RequestId, Challenge> found = new HashMap<>();
        for (Challenge challenge : sql.list(SELECT + " WHERE id IN (" + Sql.placeholders(ids.size()) + ")",
                JdbcChallengeStore::challenge, ids.stream().map(RequestId::value).toArray())) {
            found.put(challenge.id(), challenge);
        }
        return found;
    }

    @Override
    public OptionalInt countAttempt(RequestId id, int maxAttempts, Instant now) {
        if (sql.dialect().updateReturns()) {
            return sql.first(COUNT_ATTEMPT + " RETURNING attempts", row -> row.getInt(1), id.value(), now, maxAttempts)
                    .map(OptionalInt::of).orElse(OptionalInt.empty());
        }
        // Without UPDATE ... RETURNING the count is read back while the UPDATE's row lock is still held.
        return sql.inTransaction(() -> sql.update(COUNT_ATTEMPT, id.value(), now, maxAttempts) == 1
                ? OptionalInt.of(sql.first("SELECT attempts FROM latchkey_challenge WHERE id = ?",
                        row -> row.getInt(1), id.value()).orElseThrow())
                : OptionalInt.empty());
    }

    @Override
    public boolean spendUse(RequestId id, Instant now) {
        return sql.update(SPEND_USE, id.value(), now) == 1;
    }

    @Override
    public boolean finish(RequestId id, ChallengeState state) {
        return sql.update("UPDATE latchkey_challenge SET state = ? WHERE id = ? AND state = 'pending'",
                state.key(), id.value()) == 1;
    }

    @Override
    public int revokePending(Identifier identifier, Purpose purpose, @Nullable UserId user, @Nullable RequestId keep) {
        Sql.Statement revocation = revocation(identifier, purpose, user, keep);
        return sql.update(revocation.text(), revocation.params());
    }

    /** The {@code UPDATE} of {@link #revokePending}, for this store and the fused statements. */
    static Sql.Statement revocation(Identifier identifier, Purpose purpose, @Nullable UserId user,
                                    @Nullable RequestId keep) {
        List<@Nullable Object> params = new ArrayList<>(List.of(identifier.value(), purpose.key(),
                identifier.channel().key()));
        StringBuilder only = new StringBuilder();
        if (user != null) {
            only.append(" AND user_id = ?");
            params.add(user.value());
        }
        if (keep != null) {
            only.append(" AND id <> ?");
            params.add(keep.value());
        }
        return new Sql.Statement("UPDATE latchkey_challenge SET state = 'revoked' WHERE identifier = ? AND purpose = ?"
                + " AND state = 'pending' AND channel = ?" + only, params.toArray());
    }

    @Override
    public int purgeExpired(Instant before, int batchSize) {
        return sql.update(purge, before, batchSize);
    }

    @Override
    public int deleteAll(UserId user, Collection<? extends Identifier> identifiers) {
        Sql.Condition named = Sql.ofUserOrAddress(user, identifiers);
        return sql.update("DELETE FROM latchkey_challenge WHERE " + named.sql(), named.params());
    }

    static Challenge challenge(ResultSet row) throws SQLException {
        String userId = row.getString("user_id");
        return new Challenge(new RequestId(row.getString("id")), Purpose.fromKey(row.getString("purpose")),
                Objects.requireNonNull(Sql.identifier(row, "channel", "identifier")),
                userId == null ? null : new UserId(userId), Sql.digest(row, "link_digest"),
                Sql.digest(row, "code_digest"), Sql.digest(row, "binding_digest"), row.getString("code_challenge"),
                row.getString("next_url"),
                new RequesterContext(row.getString("requester_ip"), row.getString("requester_agent")),
                Sql.instant(row, "created_at"), Sql.instant(row, "expires_at"), row.getInt("attempts"),
                row.getInt("uses"), row.getInt("max_uses"), ChallengeState.fromKey(row.getString("state")),
                Locale.forLanguageTag(row.getString("locale")));
    }
}
