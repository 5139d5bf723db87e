-- Passkeys (SPEC §10): each user's random handle, the registered credentials (public keys only,
-- nothing that signs in), and the JSON API's open ceremonies, stored under the HMAC digest of their id.
-- No foreign key to latchkey_user: an application may keep its users in its own table. Erasing a
-- user removes its handle, and its passkeys go with it.

CREATE TABLE latchkey_passkey_user (
    user_id     varchar(64)   NOT NULL PRIMARY KEY,
    user_handle varbinary(64) NOT NULL UNIQUE
);

CREATE TABLE latchkey_passkey (
    credential_id           varbinary(1023)   NOT NULL PRIMARY KEY,
    user_id                 varchar(64)       NOT NULL REFERENCES latchkey_passkey_user (user_id) ON DELETE CASCADE,
    public_key_cose         varbinary(65535)  NOT NULL,
    signature_count         bigint            NOT NULL,
    uv_initialized          boolean           NOT NULL,
    transports              varchar(255)      NOT NULL,
    backup_eligible         boolean           NOT NULL,
    backup_state            boolean           NOT NULL,
    attestation_object      varbinary(65535),
    attestation_client_data varbinary(65535),
    label                   varchar(64)       NOT NULL,
    created_at              timestamp(6)      NOT NULL,
    last_used_at            timestamp(6)
);
CREATE INDEX latchkey_passkey_user_id ON latchkey_passkey (user_id);

CREATE TABLE latchkey_passkey_ceremony (
    id_digest    binary(32)   NOT NULL PRIMARY KEY,
    purpose      varchar(16)  NOT NULL,
    user_id      varchar(64),
    options_json clob         NOT NULL,
    expires_at   timestamp(6) NOT NULL
);
CREATE INDEX latchkey_passkey_ceremony_expiry ON latchkey_passkey_ceremony (expires_at);
