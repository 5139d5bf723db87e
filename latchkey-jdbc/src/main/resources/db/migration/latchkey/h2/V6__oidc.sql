-- The OpenID Provider (SPEC §11): registered clients (secrets hashed inside the payload), grants
-- (authorizations) with the digests of their codes and tokens, never the values, and consents.

CREATE TABLE latchkey_oidc_client (
    id        varchar(100) NOT NULL PRIMARY KEY,
    client_id varchar(255) NOT NULL UNIQUE,
    payload   blob         NOT NULL
);

CREATE TABLE latchkey_oidc_grant (
    id             varchar(100) NOT NULL PRIMARY KEY,
    client_id      varchar(100) NOT NULL,
    user_id        varchar(64)  NOT NULL,
    payload        blob         NOT NULL,
    refresh_digest binary(32),
    expires_at     timestamp(6) NOT NULL
);
CREATE INDEX latchkey_oidc_grant_user ON latchkey_oidc_grant (user_id);
CREATE INDEX latchkey_oidc_grant_expiry ON latchkey_oidc_grant (expires_at);

-- SHA-256 digests of the codes and tokens a grant holds; retired: a refresh token it has replaced.
CREATE TABLE latchkey_oidc_token (
    digest   binary(32)   NOT NULL PRIMARY KEY,
    grant_id varchar(100) NOT NULL REFERENCES latchkey_oidc_grant (id) ON DELETE CASCADE,
    retired  boolean      NOT NULL
);
CREATE INDEX latchkey_oidc_token_grant ON latchkey_oidc_token (grant_id);

CREATE TABLE latchkey_oidc_consent (
    client_id   varchar(100) NOT NULL,
    user_id     varchar(64)  NOT NULL,
    authorities clob         NOT NULL,
    PRIMARY KEY (client_id, user_id)
);
