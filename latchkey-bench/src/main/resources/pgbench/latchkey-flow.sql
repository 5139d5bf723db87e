-- The database-bound limit of one Latchkey API sign-in (SPEC §8): Latchkey's minimal per-flow statements
-- against its own PostgreSQL tables, as pgbench runs them (-M prepared, one script run = one flow).
-- 5 round trips and 4 commits: request, delivery claim (with the link and code digests), delivery
-- completion, exchange (a read, then one transaction). Each statement runs alone, so each is its own
-- transaction. Keep in step with latchkey-jdbc's statements and the schema in db/migration/latchkey/postgresql.
\set ip random(1, 254)
-- 1. Request: throttle windows (per IP, resend delay, per identifier), user, revocation of older challenges,
--    challenge, outbox row and audit row; one commit.
WITH v AS (SELECT substr(md5(random()::text), 1, 32) AS cid, gen_random_uuid()::text AS uid,
                  gen_random_uuid()::text AS oid, 'pgb-' || gen_random_uuid() || '@bench.example' AS email,
                  '10.9.0.' || :ip AS ip, localtimestamp AS now),
 tip AS (INSERT INTO latchkey_throttle AS t (throttle_key, window_end, hits)
         SELECT 'request-ip:' || ip, now + interval '1 hour', 1 FROM v
         ON CONFLICT (throttle_key) DO UPDATE SET hits = CASE WHEN t.window_end <= EXCLUDED.window_end - interval '1 hour'
         THEN 1 ELSE t.hits + 1 END RETURNING hits),
 trs AS (INSERT INTO latchkey_throttle AS t (throttle_key, window_end, hits)
         SELECT 'resend:' || email, now + interval '1 minute', 1 FROM v
         ON CONFLICT (throttle_key) DO UPDATE SET hits = t.hits + 1 RETURNING hits),
 tid AS (INSERT INTO latchkey_throttle AS t (throttle_key, window_end, hits)
         SELECT 'request-id:' || email, now + interval '1 hour', 1 FROM v
         ON CONFLICT (throttle_key) DO UPDATE SET hits = t.hits + 1 RETURNING hits),
 u AS (INSERT INTO latchkey_user (id, email, phone, status, roles, created_at, last_login_at)
       SELECT uid, email, NULL, 'active', '', now, NULL FROM v ON CONFLICT DO NOTHING RETURNING id),
 r AS (UPDATE latchkey_challenge SET state = 'revoked' WHERE identifier = (SELECT email FROM v)
       AND purpose = 'login' AND state = 'pending' AND channel = 'email' RETURNING id),
 c AS (INSERT INTO latchkey_challenge (id, purpose, channel, identifier, user_id, link_digest, code_digest,
       binding_digest, code_challenge, next_url, requester_ip, requester_agent, created_at, expires_at, attempts,
       uses, max_uses, state)
       SELECT cid, 'login', 'email', email, uid, NULL, NULL, NULL, NULL, NULL, ip, 'pgbench', now,
       now + interval '15 minutes', 0, 0, 1, 'pending' FROM v RETURNING id),
 o AS (INSERT INTO latchkey_outbox (id, challenge_id, channel, recipient, requester_ip, requester_agent, requested_at,
       kind, state, attempts, next_attempt_at)
       SELECT oid, (SELECT id FROM c), 'email', email, ip, 'pgbench', now, 'message', 'pending', 0, now FROM v
       RETURNING id),
 a AS (INSERT INTO latchkey_audit_event (type, user_id, channel, identifier, ip, user_agent, occurred_at, reason)
       SELECT 'LOGIN_REQUESTED', uid, 'email', email, ip, 'pgbench', now, NULL FROM v)
SELECT v.cid, v.oid FROM v, c, o
\gset
-- 2. Delivery: claim the outbox row (lease) and store the link and code digests; one commit.
WITH claimed AS (UPDATE latchkey_outbox SET leased_until = localtimestamp + interval '1 minute'
                 WHERE id = :oid AND state = 'pending' AND next_attempt_at <= localtimestamp
                 AND (leased_until IS NULL OR leased_until <= localtimestamp) RETURNING challenge_id)
UPDATE latchkey_challenge SET link_digest = sha256(convert_to(gen_random_uuid()::text, 'UTF8')),
       code_digest = sha256(convert_to(gen_random_uuid()::text, 'UTF8'))
WHERE id = (SELECT challenge_id FROM claimed) AND state = 'pending'
RETURNING encode(link_digest, 'hex') AS link
\gset
-- 3. Delivery: the mail was sent, and its audit row; one commit.
WITH done AS (UPDATE latchkey_outbox SET state = 'sent', attempts = 1, leased_until = NULL WHERE id = :oid
              AND state = 'pending' RETURNING recipient, requester_ip)
INSERT INTO latchkey_audit_event (type, user_id, channel, identifier, ip, user_agent, occurred_at, reason)
SELECT 'MESSAGE_SENT', NULL, 'email', recipient, requester_ip, 'pgbench', localtimestamp, NULL FROM done;
-- 4. Exchange: read the challenge by its link digest; no write.
SELECT id, user_id, identifier, expires_at, uses, max_uses, state FROM latchkey_challenge
WHERE link_digest = decode(:link, 'hex')
\gset x_
-- 5. Exchange: atomic spend, account, revocations, failure reset, API session, refresh token, audit row; one commit.
WITH spent AS (UPDATE latchkey_challenge
               SET state = CASE WHEN uses + 1 >= max_uses THEN 'consumed' ELSE state END, uses = uses + 1
               WHERE id = :cid AND state = 'pending' AND expires_at > localtimestamp AND uses < max_uses
               RETURNING user_id, identifier),
 usr AS (UPDATE latchkey_user SET last_login_at = localtimestamp WHERE id = (SELECT user_id FROM spent) RETURNING id),
 rev AS (UPDATE latchkey_challenge SET state = 'revoked' WHERE identifier = (SELECT identifier FROM spent)
         AND purpose = 'login' AND state = 'pending' AND channel = 'email' AND id <> :cid),
 fail AS (DELETE FROM latchkey_throttle WHERE throttle_key = 'failure-id:' || (SELECT identifier FROM spent)),
 s AS (INSERT INTO latchkey_api_session (id, user_id, method, created_at, revoked_at)
       SELECT gen_random_uuid()::text, id, 'link', localtimestamp, NULL FROM usr RETURNING id),
 rt AS (INSERT INTO latchkey_refresh_token (digest, session_id, issued_at, expires_at, rotated_at)
        SELECT sha256(convert_to(gen_random_uuid()::text, 'UTF8')), id, localtimestamp,
        localtimestamp + interval '30 days', NULL FROM s),
 a AS (INSERT INTO latchkey_audit_event (type, user_id, channel, identifier, ip, user_agent, occurred_at, reason)
       SELECT 'LOGIN_SUCCEEDED', id, 'email', NULL, '10.9.0.1', 'pgbench', localtimestamp, NULL FROM usr)
SELECT count(*) AS signed_in FROM s
\gset
