-- Webhook calls (SPEC §13) are outbox rows too, claimed, fenced and retried as messages are: they have
-- no challenge, channel or recipient, but the receiver's URL and the JSON body, fixed when queued.
ALTER TABLE latchkey_outbox ALTER COLUMN challenge_id DROP NOT NULL;
ALTER TABLE latchkey_outbox ALTER COLUMN channel DROP NOT NULL;
ALTER TABLE latchkey_outbox ALTER COLUMN recipient DROP NOT NULL;
ALTER TABLE latchkey_outbox ADD COLUMN webhook_url varchar(2048);
ALTER TABLE latchkey_outbox ADD COLUMN webhook_body varchar(16384);
-- Finished calls are purged by age along this index.
CREATE INDEX latchkey_outbox_webhook_calls ON latchkey_outbox (kind, requested_at);
