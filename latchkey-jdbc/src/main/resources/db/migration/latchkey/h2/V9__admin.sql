-- The admin API (SPEC §12): every call's audit row names the OAuth2 client that made it, and events are
-- listed per user, newest first (the listing's cursor is occurred_at, then id).
ALTER TABLE latchkey_audit_event ADD COLUMN client_id varchar(100);
CREATE INDEX latchkey_audit_event_user ON latchkey_audit_event (user_id, occurred_at);
-- Erasure deletes a user's challenges by user as well as by address.
CREATE INDEX latchkey_challenge_user ON latchkey_challenge (user_id);
