-- Languages (SPEC §14): the locale an account's messages are written in, null until a request names one,
-- and the locale a challenge's message is written in (rows from before this version were English).
ALTER TABLE latchkey_user ADD COLUMN locale varchar(35);
ALTER TABLE latchkey_challenge ADD COLUMN locale varchar(35) DEFAULT 'en' NOT NULL;
