-- Passkeys: WebAuthn credentials and each user's WebAuthn user handle.
-- The handle is 64 random bytes, created the first time a user registers a passkey and
-- never derived from the e-mail (authenticators keep it and show it to whoever holds the
-- device). Credential ids are the raw bytes the authenticator chose; they are unique
-- across users so a discoverable sign-in finds exactly one owner.

-- +goose Up
CREATE TABLE webauthn_handles (
    user_id    TEXT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    handle     BYTEA NOT NULL UNIQUE CHECK (octet_length(handle) = 64),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE passkeys (
    id                 TEXT PRIMARY KEY,
    user_id            TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    rp_id              TEXT NOT NULL CHECK (rp_id <> ''),
    credential_id      BYTEA NOT NULL UNIQUE CHECK (octet_length(credential_id) BETWEEN 1 AND 1023),
    public_key         BYTEA NOT NULL,          -- COSE_Key as the authenticator sent it
    attestation_type   TEXT NOT NULL DEFAULT '',
    attestation_format TEXT NOT NULL DEFAULT '',
    attestation        BYTEA,                   -- the raw attestation (JSON), kept to re-verify later
    aaguid             BYTEA NOT NULL,
    sign_count         BIGINT NOT NULL DEFAULT 0 CHECK (sign_count BETWEEN 0 AND 4294967295),
    flags              SMALLINT NOT NULL DEFAULT 0, -- the authenticator data flags octet
    backup_eligible    BOOLEAN NOT NULL DEFAULT false,
    backup_state       BOOLEAN NOT NULL DEFAULT false,
    clone_warning      BOOLEAN NOT NULL DEFAULT false,
    transports         TEXT NOT NULL DEFAULT '', -- comma-separated
    attachment         TEXT NOT NULL DEFAULT '',
    name               TEXT NOT NULL CHECK (name <> ''),
    created_at         TIMESTAMPTZ NOT NULL DEFAULT now(),
    last_used_at       TIMESTAMPTZ
);
CREATE INDEX passkeys_user_idx ON passkeys (user_id, created_at);
