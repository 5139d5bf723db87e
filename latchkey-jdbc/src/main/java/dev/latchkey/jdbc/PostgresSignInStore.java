package dev.latchkey.jdbc;

import dev.latchkey.core.audit.AuditEvent;
import dev.latchkey.core.challenge.Challenge;
import dev.latchkey.core.challenge.RequestId;
import dev.latchkey.core.delivery.OutboxEntry;
import dev.latchkey.core.identity.EmailAddress;
import dev.latchkey.core.identity.User;
import dev.latchkey.core.identity.UserId;
import dev.latchkey.core.secret.Digest;
import dev.latchkey.core.spi.ChallengeStore;
import dev.latchkey.core.spi.SignInStore;
import dev.latchkey.core.throttle.ThrottleDecision;
import dev.latchkey.core.throttle.ThrottleWindow;
import dev.latchkey.core.webhook.Webhooks;
import dev.latchkey.jdbc.FusedStatement.Expression;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The sign-in hot path on PostgreSQL as one statement per step (SPEC §8): a request's throttle
 * windows, revocation, challenge, outbox row and audit row are one data-modifying {@code WITH};
 * delivery's claim with its secrets is one, its completion with the audit rows another; the link's
 * challenge and its account are one read; a redemption's spend, account, revocations, failure
 * reset, audit row and API session are one more. Each write commits once, without a
 * transaction round trip, and each step writes only when the one it depends on did, so a refused
 * request or a lost use writes nothing else.
 *
 * <p>It writes the tables of the JDBC stores: use it only where challenges, users, outbox, audit
 * events and API sessions are all latchkey-jdbc's on this database, and throttles too when
 * {@code throttlesHere} is set.
 *
 * <p>Since its statements write audit rows without the engine's trail, they also write the webhook
 * calls of those events (SPEC §13) as outbox rows, each step only where its audit row is written. With
 * no webhook configured no step is added: the statements and their round trips stay as they are.
 */
public final class PostgresSignInStore implements SignInStore {
    private static final String HOLDER_COLUMNS = Tables.USER_COLUMNS.replaceAll("(\\w+)", "u.$1 AS u_$1");
    /** The challenge's own user, else its identifier's holder; each branch is one index lookup. */
    private static final String HOLDER = "LEFT JOIN LATERAL (SELECT * FROM latchkey_user WHERE id = c.user_id"
            + " UNION ALL SELECT * FROM latchkey_user WHERE c.user_id IS NULL AND c.channel = 'email' AND email = c.identifier"
            + " UNION ALL SELECT * FROM latchkey_user WHERE c.user_id IS NULL AND c.channel = 'sms' AND phone = c.identifier"
            + " LIMIT 1) u ON true";
    /** The audit columns read from the VALUES list {@code v}, built once rather than by a regex per statement. */
    private static final String AUDIT_FROM_V = Tables.AUDIT_COLUMNS.replaceAll("(\\w+)", "v.$1");
    private static final int AUDIT_USER = 1;
    private static final int SESSION_USER = 1;
    private static final int OUTBOX_WEBHOOK_BODY = 13;

    private final Sql sql;
    private final boolean throttlesHere;
    private final Webhooks webhooks;

    /**
     * @param throttlesHere whether throttle windows are latchkey-jdbc's {@code latchkey_throttle} on
     *     this database, so a request hits them and a sign-in resets them in its own statement
     */
    public PostgresSignInStore(JdbcTransactions transactions, boolean throttlesHere) {
        this(transactions, throttlesHere, Webhooks.none());
    }

    /**
     * @param throttlesHere whether throttle windows are latchkey-jdbc's {@code latchkey_throttle} on
     *     this database, so a request hits them and a sign-in resets them in its own statement
     * @param webhooks the engine's webhooks, whose calls are queued with the audit rows written here
     */
    public PostgresSignInStore(JdbcTransactions transactions, boolean throttlesHere, Webhooks webhooks) {
        if (transactions.dialect() != Dialect.POSTGRESQL) {
            throw new IllegalArgumentException("fused sign-in statements need PostgreSQL, not " + transactions.dialect());
        }
        this.sql = new Sql(transactions);
        this.throttlesHere = throttlesHere;
        this.webhooks = webhooks;
    }

    @Override
    public boolean keepsThrottles() {
        return throttlesHere;
    }

    @Override
    public ThrottleDecision request(RequestRows rows) {
        List<ThrottleWindow> windows = rows.windows();
        Instant now = rows.now();
        FusedStatement statement = new FusedStatement();
        for (int i = 0; i < windows.size(); i++) {
            ThrottleWindow window = windows.get(i);
            Object[] counting = JdbcThrottleStore.upsertParams(window.rate(), now);
            if (i == 0) {
                statement.step("hit0", JdbcThrottleStore.UPSERT_INTO + " VALUES (?, ?, 1)"
                        + JdbcThrottleStore.ON_CONFLICT_HIT, flat(window.key(), now.plus(window.rate().window()), counting));
            } else {
                // A window is counted only when every one before it let the request through.
                statement.step("hit" + i, JdbcThrottleStore.UPSERT_INTO + " SELECT ?, ?, 1 WHERE (SELECT hits FROM hit"
                        + (i - 1) + ") <= ?" + JdbcThrottleStore.ON_CONFLICT_HIT, flat(window.key(),
                        now.plus(window.rate().window()), windows.get(i - 1).rate().count(), counting));
            }
        }
        if (windows.isEmpty()) {
            statement.step("admitted", "SELECT 1 AS one");
        } else {
            statement.step("admitted", "SELECT 1 AS one WHERE (SELECT hits FROM hit" + (windows.size() - 1) + ") <= ?",
                    windows.get(windows.size() - 1).rate().count());
        }
        Revocation revoke = rows.revoke();
        if (revoke != null) {
            Sql.Statement revocation = JdbcChallengeStore.revocation(revoke.identifier(), revoke.purpose(), revoke.user(),
                    null);
            statement.step("revoked", revocation.text() + " AND EXISTS (SELECT 1 FROM admitted)", revocation.params());
        }
        StoredLocale locale = rows.locale();
        if (locale != null) {
            statement.step("relocated", JdbcUserDirectory.CHANGE_LOCALE + " AND EXISTS (SELECT 1 FROM admitted)",
                    locale.locale().toLanguageTag(), locale.user().value());
        }
        statement.insert("challenge", Tables.CHALLENGE, Tables.CHALLENGE_COLUMNS, "admitted", Tables.challenge(rows.challenge()))
                .insert("audited", Tables.AUDIT, Tables.AUDIT_COLUMNS, "admitted", Tables.audit(rows.audit()))
                .insert("queued", Tables.OUTBOX, Tables.OUTBOX_COLUMNS, "admitted", Tables.outbox(rows.entry()));
        hooks(statement, "hooked", rows.audit(), "admitted", false);
        if (windows.isEmpty()) {
            statement.run(sql, "SELECT 1", row -> 1);
            return new ThrottleDecision.Allowed(0);
        }
        StringBuilder hits = new StringBuilder();
        for (int i = 0; i < windows.size(); i++) {
            hits.append(i == 0 ? "" : " UNION ALL ").append("SELECT ").append(i).append(" AS n, window_end, hits FROM hit")
                    .append(i);
        }
        List<Hit> counted = statement.run(sql, "SELECT n, window_end, hits FROM (" + hits + ") h ORDER BY n",
                row -> new Hit(row.getInt("n"), JdbcThrottleStore.window(row)));
        ThrottleDecision decision = new ThrottleDecision.Allowed(0);
        for (Hit hit : counted) {
            decision = JdbcThrottleStore.upserted(hit.window(), windows.get(hit.index()).rate(), now);
            if (decision instanceof ThrottleDecision.Refused) {
                return decision;
            }
        }
        return decision;
    }

    private record Hit(int index, JdbcThrottleStore.Window window) {}

    @Override
    public Optional<Redeemable> findByLink(Collection<Digest> candidates) {
        if (candidates.isEmpty()) {
            return Optional.empty();
        }
        return sql.first("SELECT c.*, " + HOLDER_COLUMNS + " FROM latchkey_challenge c " + HOLDER
                        + " WHERE c.link_digest IN (" + Sql.placeholders(candidates.size()) + ")",
                PostgresSignInStore::redeemable, candidates.toArray());
    }

    private static Redeemable redeemable(ResultSet row) throws SQLException {
        Challenge challenge = JdbcChallengeStore.challenge(row);
        return new Redeemable(challenge, row.getString("u_id") == null ? Optional.empty()
                : Optional.of(JdbcUserDirectory.user(row, "u_")));
    }

    @Override
    public Optional<UserId> signIn(SignInRows rows) {
        Instant now = rows.now();
        FusedStatement statement = new FusedStatement()
                .step("spent", JdbcChallengeStore.SPEND_USE + " RETURNING id", rows.challenge().value(), now);
        if (rows.createAccount()) {
            // As UserDirectory.createIfAbsent: an account another process created first is the one signed in to.
            User created = User.create(rows.userId(), rows.identifier(), now).withLastLoginAt(now)
                    .withLocale(rows.locale());
            statement.insert("account", Tables.USER, Tables.USER_COLUMNS, "spent ON CONFLICT ("
                    + (rows.identifier() instanceof EmailAddress ? "email" : "phone")
                    + ") DO UPDATE SET last_login_at = EXCLUDED.last_login_at RETURNING id", Tables.user(created));
        } else {
            statement.step("account", "UPDATE latchkey_user SET last_login_at = ? WHERE id = ?"
                    + " AND EXISTS (SELECT 1 FROM spent) RETURNING id", now, rows.userId().value());
        }
        Sql.Statement revocation = JdbcChallengeStore.revocation(rows.identifier(), rows.purpose(), null,
                rows.challenge());
        statement.step("revoked", revocation.text() + " AND EXISTS (SELECT 1 FROM account)", revocation.params());
        if (throttlesHere && !rows.resetKeys().isEmpty()) {
            statement.step("reset", "DELETE FROM latchkey_throttle WHERE throttle_key IN ("
                    + Sql.placeholders(rows.resetKeys().size()) + ") AND EXISTS (SELECT 1 FROM account)",
                    rows.resetKeys().toArray());
        }
        statement.insert("audited", Tables.AUDIT, Tables.AUDIT_COLUMNS, "account",
                withAccount(Tables.audit(rows.audit()), AUDIT_USER));
        hooks(statement, "hooked", rows.audit(), "account", true);
        StartedSession session = rows.session();
        if (session != null) {
            statement.insert("session", Tables.SESSION, Tables.SESSION_COLUMNS, "account",
                            withAccount(Tables.session(session.session()), SESSION_USER))
                    .insert("token", Tables.TOKEN, Tables.TOKEN_COLUMNS, "account", Tables.token(session.first()));
        }
        return statement.run(sql, "SELECT id FROM account", row -> new UserId(row.getString("id"))).stream().findFirst();
    }

    /**
     * One statement: the claim of the handed-over entries still due and unclaimed, and the secrets
     * of the claimed ones' challenges, each fenced as the outbox and challenge stores fence them.
     */
    @Override
    public Claimed claimHandedOver(List<OutboxEntry> entries, List<ChallengeStore.Secrets> secrets, Instant now,
                                   Duration lease) {
        if (entries.isEmpty()) {
            return new Claimed(List.of(), Set.of());
        }
        Map<RequestId, ChallengeStore.Secrets> byChallenge = new HashMap<>();
        secrets.forEach(s -> byChallenge.put(s.id(), s));
        List<@Nullable Object> values = new ArrayList<>();
        for (OutboxEntry entry : entries) {
            ChallengeStore.Secrets minted = byChallenge.get(entry.challengeId());
            values.addAll(Arrays.asList(entry.id(), entry.claim(), entry.challengeId().value(),
                    minted == null ? null : minted.expectedLink(), minted == null ? null : minted.linkDigest(),
                    minted == null ? null : minted.codeDigest()));
        }
        String rows = String.join(", ", Collections.nCopies(entries.size(),
                "(CAST(? AS varchar), CAST(? AS integer), CAST(? AS varchar), CAST(? AS bytea), CAST(? AS bytea),"
                        + " CAST(? AS bytea))"));
        FusedStatement statement = new FusedStatement()
                .step("v", "SELECT * FROM (VALUES " + rows + ") AS v (id, claim, challenge_id, expected, link, code)",
                        values.toArray())
                .step("claimed", "UPDATE latchkey_outbox o SET leased_until = ?, claim = o.claim + 1 FROM v"
                        + " WHERE o.id = v.id AND o.claim = v.claim AND " + JdbcOutboxStore.DUE + " RETURNING o.id",
                        now.plus(lease), now, now)
                .step("stored", "UPDATE latchkey_challenge c SET link_digest = v.link, code_digest = v.code"
                        + " FROM v JOIN claimed ON claimed.id = v.id WHERE v.link IS NOT NULL AND c.id = v.challenge_id"
                        + " AND c.state = 'pending' AND c.link_digest IS NOT DISTINCT FROM v.expected RETURNING c.id");
        Set<String> claimedIds = new HashSet<>();
        Set<RequestId> stored = new HashSet<>();
        statement.run(sql, "SELECT 'claimed' AS kind, id FROM claimed UNION ALL SELECT 'stored', id FROM stored", row -> {
            if (row.getString("kind").equals("claimed")) {
                claimedIds.add(row.getString("id"));
            } else {
                stored.add(new RequestId(row.getString("id")));
            }
            return row;
        });
        return new Claimed(entries.stream().filter(e -> claimedIds.contains(e.id())).map(OutboxEntry::claimed).toList(),
                stored);
    }

    /** One statement: the fenced completion of the sent entries, and the audit rows of those it completed. */
    @Override
    public Set<String> completeSent(List<Sent> sent, Instant at) {
        if (sent.isEmpty()) {
            return Set.of();
        }
        List<@Nullable Object> values = new ArrayList<>();
        for (Sent row : sent) {
            values.addAll(Arrays.asList(row.entry().id(), row.entry().claim(), row.entry().attempts() + 1));
            values.addAll(Arrays.asList(Tables.audit(row.audit())));
        }
        String rows = String.join(", ", Collections.nCopies(sent.size(), "(CAST(? AS varchar), CAST(? AS integer),"
                + " CAST(? AS integer), CAST(? AS varchar), CAST(? AS varchar), CAST(? AS varchar), CAST(? AS varchar),"
                + " CAST(? AS varchar), CAST(? AS varchar), CAST(? AS timestamp), CAST(? AS varchar), CAST(? AS varchar))"));
        FusedStatement statement = new FusedStatement()
                .step("v", "SELECT * FROM (VALUES " + rows + ") AS v (id, claim, attempts, " + Tables.AUDIT_COLUMNS + ")",
                        values.toArray())
                .step("done", "UPDATE latchkey_outbox o SET state = 'sent', attempts = v.attempts FROM v"
                        + " WHERE o.id = v.id AND o.claim = v.claim AND o.state = 'pending' RETURNING o.id")
                .step("audited", "INSERT INTO latchkey_audit_event (" + Tables.AUDIT_COLUMNS + ") SELECT "
                        + AUDIT_FROM_V + " FROM v JOIN done ON done.id = v.id");
        for (int i = 0; i < sent.size(); i++) {
            hooks(statement, "hooked" + i + "_", sent.get(i).audit(), "done WHERE done.id = ?", false,
                    sent.get(i).entry().id());
        }
        return new HashSet<>(statement.run(sql, "SELECT id FROM done", row -> row.getString("id")));
    }

    /**
     * Adds a step per webhook call of {@code event}, each inserting its outbox row once for the row of
     * {@code from} that its audit row depends on. With {@code toAccount}, the body's user id becomes
     * the {@code account} the statement signed in to, as the audit row's does.
     */
    private void hooks(FusedStatement statement, String name, AuditEvent event, String from, boolean toAccount,
                       @Nullable Object... fromValues) {
        List<OutboxEntry> calls = webhooks.entriesFor(event);
        for (int i = 0; i < calls.size(); i++) {
            @Nullable Object[] row = Tables.outbox(calls.get(i));
            if (toAccount) {
                row[OUTBOX_WEBHOOK_BODY] = new Expression("replace(CAST(? AS text), CAST(? AS text),"
                        + " '\"user_id\":' || to_json(account.id)::text)", row[OUTBOX_WEBHOOK_BODY],
                        Webhooks.userIdMember(event.userId() == null ? null : event.userId().value()));
            }
            statement.insert(name + i, Tables.OUTBOX, Tables.OUTBOX_COLUMNS, from, row, fromValues);
        }
    }

    /** A row whose user column is the account the statement signed in to. */
    private static @Nullable Object[] withAccount(@Nullable Object[] row, int userColumn) {
        row[userColumn] = new Expression("account.id");
        return row;
    }

    /** The parameters in order, an array's elements in its place. */
    private static Object[] flat(Object... parts) {
        List<Object> all = new ArrayList<>();
        for (Object part : parts) {
            if (part instanceof Object[] array) {
                all.addAll(Arrays.asList(array));
            } else {
                all.add(part);
            }
        }
        return all.toArray();
    }
}
