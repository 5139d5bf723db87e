-- The OpenID Provider (SPEC §11): registered clients (secrets hashed inside the payload), grants
-- (authorizations) with the digests of their codes and tokens, never the values, and consents.
-- Binary collation: ids are case-sensitive.

CREATE TABLE latchkey_oidc_client (
    id        varchar(100) NOT NULL PRIMARY KEY,
    client_id varchar(255) NOT NULL UNIQUE,
    payload   longblob     NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE latchkey_oidc_grant (
    id             varchar(100) NOT NULL PRIMARY KEY,
    client_id      varchar(100) NOT NULL,
    user_id        varchar(64)  NOT NULL,
    payload        longblob     NOT NULL,
    refresh_digest binary(32),
    expires_at     datetime(6)  NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE INDEX latchkey_oidc_grant_user ON latchkey_oidc_grant (user_id);
CREATE INDEX latchkey_oidc_grant_expiry ON latchkey_oidc_grant (expires_at);

-- SHA-256 digests of the codes and tokens a grant holds; retired: a refresh token it has replaced.
CREATE TABLE latchkey_oidc_token (
    digest   binary(32)   NOT NULL PRIMARY KEY,
    grant_id varchar(100) NOT NULL,
    retired  boolean      NOT NULL,
    -- InnoDB indexes the foreign key itself, under the constraint's name.
    CONSTRAINT latchkey_oidc_token_grant FOREIGN KEY (grant_id) REFERENCES latchkey_oidc_grant (id)
        ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE latchkey_oidc_consent (
    client_id   varchar(100) NOT NULL,
    user_id     varchar(64)  NOT NULL,
    authorities text         NOT NULL,
    PRIMARY KEY (client_id, user_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
