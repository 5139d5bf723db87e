-- Webhook calls (SPEC §13) are outbox rows too, claimed, fenced and retried as messages are: they have
-- no challenge, channel or recipient, but the receiver's URL and the JSON body, fixed when queued.
ALTER TABLE latchkey_outbox
    MODIFY challenge_id varchar(32) NULL,
    MODIFY channel varchar(8) NULL,
    MODIFY recipient varchar(320) NULL,
    ADD COLUMN webhook_url varchar(2048),
    ADD COLUMN webhook_body text;
-- Finished calls are purged by age along this index.
CREATE INDEX latchkey_outbox_webhook_calls ON latchkey_outbox (kind, requested_at);
