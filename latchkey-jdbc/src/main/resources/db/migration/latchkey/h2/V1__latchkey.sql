-- Latchkey's tables. Timestamps hold UTC; digests are HMAC-SHA256 values, never a token or code.

CREATE TABLE latchkey_user (
    id            varchar(64)   NOT NULL PRIMARY KEY,
    email         varchar(320)  UNIQUE,
    phone         varchar(32)   UNIQUE,
    status        varchar(16)   NOT NULL,
    roles         varchar(1024) NOT NULL,
    created_at    timestamp(6)  NOT NULL,
    last_login_at timestamp(6)
);

CREATE TABLE latchkey_challenge (
    id              varchar(32)   NOT NULL PRIMARY KEY,
    purpose         varchar(16)   NOT NULL,
    channel         varchar(8)    NOT NULL,
    identifier      varchar(320)  NOT NULL,
    user_id         varchar(64),
    link_digest     binary varying(32) UNIQUE,
    code_digest     binary varying(32),
    binding_digest  binary varying(32),
    code_challenge  varchar(128),
    next_url        varchar(2048),
    requester_ip    varchar(64)   NOT NULL,
    requester_agent varchar(512),
    created_at      timestamp(6)  NOT NULL,
    expires_at      timestamp(6)  NOT NULL,
    attempts        integer       NOT NULL,
    uses            integer       NOT NULL,
    max_uses        integer       NOT NULL,
    state           varchar(16)   NOT NULL
);
CREATE INDEX latchkey_challenge_pending ON latchkey_challenge (identifier, purpose, state);
CREATE INDEX latchkey_challenge_expiry ON latchkey_challenge (expires_at);

CREATE TABLE latchkey_outbox (
    id              varchar(64)  NOT NULL PRIMARY KEY,
    challenge_id    varchar(32)  NOT NULL REFERENCES latchkey_challenge (id) ON DELETE CASCADE,
    channel         varchar(8)   NOT NULL,
    recipient       varchar(320) NOT NULL,
    requester_ip    varchar(64)  NOT NULL,
    requester_agent varchar(512),
    requested_at    timestamp(6) NOT NULL,
    decoy           boolean      NOT NULL,
    state           varchar(16)  NOT NULL,
    attempts        integer      NOT NULL,
    next_attempt_at timestamp(6) NOT NULL,
    leased_until    timestamp(6)
);
CREATE INDEX latchkey_outbox_due ON latchkey_outbox (state, next_attempt_at);
-- Purges cascade through this index.
CREATE INDEX latchkey_outbox_challenge ON latchkey_outbox (challenge_id);

CREATE TABLE latchkey_throttle (
    throttle_key varchar(255) NOT NULL PRIMARY KEY,
    window_end   timestamp(6) NOT NULL,
    hits         integer      NOT NULL
);
CREATE INDEX latchkey_throttle_window_end ON latchkey_throttle (window_end);

CREATE TABLE latchkey_audit_event (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    type        varchar(32)  NOT NULL,
    user_id     varchar(64),
    channel     varchar(8),
    identifier  varchar(320),
    ip          varchar(64),
    user_agent  varchar(512),
    occurred_at timestamp(6) NOT NULL,
    reason      varchar(64)
);
CREATE INDEX latchkey_audit_event_occurred_at ON latchkey_audit_event (occurred_at);
