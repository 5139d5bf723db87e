-- API sessions with their rotating refresh tokens, the keys that sign access tokens, and
-- instance-wide settings. Refresh tokens are stored as HMAC digests, never as values.

CREATE TABLE latchkey_api_session (
    id         varchar(64)  NOT NULL PRIMARY KEY,
    user_id    varchar(64)  NOT NULL,
    method     varchar(16)  NOT NULL,
    created_at timestamp(6) NOT NULL,
    revoked_at timestamp(6)
);
CREATE INDEX latchkey_api_session_user ON latchkey_api_session (user_id);

CREATE TABLE latchkey_refresh_token (
    digest     bytea        NOT NULL PRIMARY KEY,
    session_id varchar(64)  NOT NULL REFERENCES latchkey_api_session (id) ON DELETE CASCADE,
    issued_at  timestamp(6) NOT NULL,
    expires_at timestamp(6) NOT NULL,
    rotated_at timestamp(6)
);
CREATE INDEX latchkey_refresh_token_expiry ON latchkey_refresh_token (expires_at);
-- PostgreSQL does not index foreign keys by itself; deleting a session cascades through this one.
CREATE INDEX latchkey_refresh_token_session ON latchkey_refresh_token (session_id);

CREATE TABLE latchkey_signing_key (
    kid        varchar(64)  NOT NULL PRIMARY KEY,
    jwk        text         NOT NULL,
    created_at timestamp(6) NOT NULL,
    retired_at timestamp(6)
);

CREATE TABLE latchkey_setting (
    name          varchar(255) NOT NULL PRIMARY KEY,
    setting_value text         NOT NULL
);
