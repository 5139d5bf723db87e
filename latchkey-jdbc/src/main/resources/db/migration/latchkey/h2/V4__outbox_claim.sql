-- Each claim counts up an outbox row's claim; completing or failing the row requires the count its
-- worker was handed, so a worker whose lease passed cannot finish a row another worker claimed since.
ALTER TABLE latchkey_outbox ADD COLUMN claim integer DEFAULT 0 NOT NULL;
