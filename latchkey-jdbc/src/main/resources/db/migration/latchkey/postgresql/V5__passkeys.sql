-- Passkeys (SPEC §10): each user's random handle, the registered credentials (public keys only,
-- nothing that signs in), and the JSON API's open ceremonies, stored under the HMAC digest of their id.
-- No foreign key to latchkey_user: an application may keep its users in its own table. Erasing a
-- user removes its handle, and its passkeys go with it.

CREATE TABLE latchkey_passkey_user (
    user_id     varchar(64) NOT NULL PRIMARY KEY,
    user_handle bytea       NOT NULL UNIQUE
);

CREATE TABLE latchkey_passkey (
    credential_id           bytea        NOT NULL PRIMARY KEY,
    user_id                 varchar(64)  NOT NULL REFERENCES latchkey_passkey_user (user_id) ON DELETE CASCADE,
    public_key_cose         bytea        NOT NULL,
    signature_count         bigint       NOT NULL,
    uv_initialized          boolean      NOT NULL,
    transports              varchar(255) NOT NULL,
    backup_eligible         boolean      NOT NULL,
    backup_state            boolean      NOT NULL,
    attestation_object      bytea,
    attestation_client_data bytea,
    label                   varchar(64)  NOT NULL,
    created_at              timestamp(6) NOT NULL,
    last_used_at            timestamp(6)
);
-- PostgreSQL does not index foreign keys by itself; listing a user's passkeys and the cascade use this one.
CREATE INDEX latchkey_passkey_user_id ON latchkey_passkey (user_id);

CREATE TABLE latchkey_passkey_ceremony (
    id_digest    bytea        NOT NULL PRIMARY KEY,
    purpose      varchar(16)  NOT NULL,
    user_id      varchar(64),
    options_json text         NOT NULL,
    expires_at   timestamp(6) NOT NULL
);
CREATE INDEX latchkey_passkey_ceremony_expiry ON latchkey_passkey_ceremony (expires_at);
