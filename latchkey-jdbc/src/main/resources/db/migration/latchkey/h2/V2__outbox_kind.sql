-- An outbox row now says what it sends: a challenge's message, a decoy, or a notice without secrets.
ALTER TABLE latchkey_outbox ADD COLUMN kind varchar(24) DEFAULT 'message' NOT NULL;
UPDATE latchkey_outbox SET kind = 'decoy' WHERE decoy;
ALTER TABLE latchkey_outbox DROP COLUMN decoy;
