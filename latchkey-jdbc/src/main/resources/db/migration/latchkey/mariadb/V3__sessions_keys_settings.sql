-- API sessions with their rotating refresh tokens, the keys that sign access tokens, and
-- instance-wide settings. Refresh tokens are stored as HMAC digests, never as values.
-- Binary collation: session ids, key ids and setting names are case-sensitive.

CREATE TABLE latchkey_api_session (
    id         varchar(64) NOT NULL PRIMARY KEY,
    user_id    varchar(64) NOT NULL,
    method     varchar(16) NOT NULL,
    created_at datetime(6) NOT NULL,
    revoked_at datetime(6)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE INDEX latchkey_api_session_user ON latchkey_api_session (user_id);

CREATE TABLE latchkey_refresh_token (
    digest     binary(32)  NOT NULL PRIMARY KEY,
    session_id varchar(64) NOT NULL,
    issued_at  datetime(6) NOT NULL,
    expires_at datetime(6) NOT NULL,
    rotated_at datetime(6),
    -- InnoDB indexes the foreign key itself, under the constraint's name.
    CONSTRAINT latchkey_refresh_token_session FOREIGN KEY (session_id) REFERENCES latchkey_api_session (id)
        ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE INDEX latchkey_refresh_token_expiry ON latchkey_refresh_token (expires_at);

CREATE TABLE latchkey_signing_key (
    kid        varchar(64) NOT NULL PRIMARY KEY,
    jwk        longtext    NOT NULL,
    created_at datetime(6) NOT NULL,
    retired_at datetime(6)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE latchkey_setting (
    name          varchar(255) NOT NULL PRIMARY KEY,
    setting_value text         NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
