-- Passkeys (SPEC §10): each user's random handle, the registered credentials (public keys only,
-- nothing that signs in), and the JSON API's open ceremonies, stored under the HMAC digest of their id.
-- No foreign key to latchkey_user: an application may keep its users in its own table. Erasing a
-- user removes its handle, and its passkeys go with it.

CREATE TABLE latchkey_passkey_user (
    user_id     varchar(64)   NOT NULL PRIMARY KEY,
    user_handle varbinary(64) NOT NULL UNIQUE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE latchkey_passkey (
    credential_id           varbinary(1023) NOT NULL PRIMARY KEY,
    user_id                 varchar(64)     NOT NULL,
    public_key_cose         blob            NOT NULL,
    signature_count         bigint          NOT NULL,
    uv_initialized          boolean         NOT NULL,
    transports              varchar(255)    NOT NULL,
    backup_eligible         boolean         NOT NULL,
    backup_state            boolean         NOT NULL,
    attestation_object      blob,
    attestation_client_data blob,
    label                   varchar(64)     NOT NULL,
    created_at              datetime(6)     NOT NULL,
    last_used_at            datetime(6),
    -- InnoDB indexes the foreign key itself, under the constraint's name.
    CONSTRAINT latchkey_passkey_user_id FOREIGN KEY (user_id) REFERENCES latchkey_passkey_user (user_id)
        ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE latchkey_passkey_ceremony (
    id_digest    binary(32)  NOT NULL PRIMARY KEY,
    purpose      varchar(16) NOT NULL,
    user_id      varchar(64),
    options_json mediumtext  NOT NULL,
    expires_at   datetime(6) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE INDEX latchkey_passkey_ceremony_expiry ON latchkey_passkey_ceremony (expires_at);
