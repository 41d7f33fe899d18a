-- Suppliers' bank accounts, every verification of them (kept as history, never
-- overwritten), pending micro-deposits, and the high-risk alerts verification raises.
-- Account numbers are stored only encrypted (vault, AAD "account_number" + account id),
-- with the last four digits for display and an HMAC blind index to find the same
-- account under another supplier.

-- +goose Up
CREATE TABLE bank_accounts (
    id                 TEXT PRIMARY KEY,
    supplier_org_id    TEXT NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
    routing_number     TEXT NOT NULL,
    bank_name          TEXT NOT NULL DEFAULT '',
    account_type       TEXT NOT NULL CHECK (account_type IN ('checking', 'savings')),
    holder_name        TEXT NOT NULL,
    account_ciphertext TEXT NOT NULL,
    account_last4      TEXT NOT NULL,
    account_index      TEXT NOT NULL,
    status             TEXT NOT NULL CHECK (status IN ('verified', 'pending_micro_deposits', 'review', 'failed', 'replaced')),
    guarded            BOOLEAN NOT NULL DEFAULT false,
    created_by         TEXT REFERENCES users (id) ON DELETE SET NULL,
    created_at         TIMESTAMPTZ NOT NULL,
    updated_at         TIMESTAMPTZ NOT NULL
);
CREATE INDEX bank_accounts_supplier_idx ON bank_accounts (supplier_org_id, created_at);
CREATE INDEX bank_accounts_number_idx ON bank_accounts (account_index);

CREATE TABLE bank_verifications (
    id              TEXT PRIMARY KEY,
    bank_account_id TEXT NOT NULL REFERENCES bank_accounts (id) ON DELETE CASCADE,
    method          TEXT NOT NULL CHECK (method IN ('instant', 'micro_deposits', 'manual')),
    provider        TEXT NOT NULL,
    provider_ref    TEXT NOT NULL DEFAULT '',
    account_status  TEXT NOT NULL,
    owner_match     TEXT NOT NULL,
    owner_score     INTEGER NOT NULL DEFAULT 0,
    reasons         TEXT NOT NULL DEFAULT '[]',
    raw_codes       TEXT NOT NULL DEFAULT '{}',
    raw_sha256      TEXT NOT NULL DEFAULT '',
    decided_by      TEXT REFERENCES users (id) ON DELETE SET NULL,
    checked_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX bank_verifications_account_idx ON bank_verifications (bank_account_id, checked_at);

CREATE TABLE micro_deposits (
    bank_account_id TEXT PRIMARY KEY REFERENCES bank_accounts (id) ON DELETE CASCADE,
    amount1_cents   INTEGER NOT NULL CHECK (amount1_cents BETWEEN 1 AND 99),
    amount2_cents   INTEGER NOT NULL CHECK (amount2_cents BETWEEN 1 AND 99),
    attempts        INTEGER NOT NULL DEFAULT 0,
    status          TEXT NOT NULL CHECK (status IN ('pending', 'verified', 'failed', 'expired')),
    exported_at     TIMESTAMPTZ,
    created_at      TIMESTAMPTZ NOT NULL,
    expires_at      TIMESTAMPTZ NOT NULL
);

-- High-risk alerts for a customer (issue 6 serves and resolves them).
CREATE TABLE risk_alerts (
    id              TEXT PRIMARY KEY,
    customer_org_id TEXT NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
    supplier_org_id TEXT NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
    bank_account_id TEXT REFERENCES bank_accounts (id) ON DELETE SET NULL,
    kind            TEXT NOT NULL,
    severity        TEXT NOT NULL CHECK (severity IN ('high', 'medium')),
    detail          TEXT NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL,
    resolved_at     TIMESTAMPTZ,
    resolved_by     TEXT REFERENCES users (id) ON DELETE SET NULL,
    resolution_note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX risk_alerts_customer_idx ON risk_alerts (customer_org_id, created_at);

-- How long payments to a newly changed account come back for review, per customer.
ALTER TABLE orgs ADD COLUMN bank_change_cooling_hours INTEGER NOT NULL DEFAULT 72;

-- +goose Down
ALTER TABLE orgs DROP COLUMN bank_change_cooling_hours;
DROP TABLE risk_alerts;
DROP TABLE micro_deposits;
DROP TABLE bank_verifications;
DROP TABLE bank_accounts;
