-- Supplier onboarding: invitations from customers, supplier profiles, the KYC case each
-- customer keeps on each supplier, and the checks that were run (kept as history).
-- A TIN is stored only encrypted (vault, AAD "tin" + org id) with its last four digits for
-- display and an HMAC blind index for duplicate detection.

-- +goose Up
CREATE TABLE invitations (
    id              TEXT PRIMARY KEY,
    customer_org_id TEXT NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
    email           TEXT NOT NULL,
    supplier_name   TEXT NOT NULL,
    token_hash      TEXT NOT NULL UNIQUE,
    status          TEXT NOT NULL CHECK (status IN ('pending', 'accepted', 'revoked')),
    invited_by      TEXT REFERENCES users (id) ON DELETE SET NULL,
    import_id       TEXT,
    supplier_org_id TEXT REFERENCES orgs (id) ON DELETE SET NULL,
    reminders       INTEGER NOT NULL DEFAULT 0,
    created_at      TIMESTAMPTZ NOT NULL,
    expires_at      TIMESTAMPTZ NOT NULL,
    sent_at         TIMESTAMPTZ NOT NULL,
    accepted_at     TIMESTAMPTZ,
    revoked_at      TIMESTAMPTZ
);
CREATE INDEX invitations_customer_idx ON invitations (customer_org_id, created_at);
-- One open invitation per customer and address: a second invite is a resend.
CREATE UNIQUE INDEX invitations_open_key ON invitations (customer_org_id, email) WHERE status = 'pending';

CREATE TABLE invitation_imports (
    id              TEXT PRIMARY KEY,
    customer_org_id TEXT NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
    created_by      TEXT REFERENCES users (id) ON DELETE SET NULL,
    file_name       TEXT NOT NULL DEFAULT '',
    status          TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed')),
    total_rows      INTEGER NOT NULL DEFAULT 0,
    processed_rows  INTEGER NOT NULL DEFAULT 0,
    invited         INTEGER NOT NULL DEFAULT 0,
    skipped         INTEGER NOT NULL DEFAULT 0,
    row_errors      TEXT NOT NULL DEFAULT '[]',
    error           TEXT NOT NULL DEFAULT '',
    created_at      TIMESTAMPTZ NOT NULL,
    finished_at     TIMESTAMPTZ
);
CREATE INDEX invitation_imports_customer_idx ON invitation_imports (customer_org_id, created_at);

CREATE TABLE supplier_profiles (
    org_id           TEXT PRIMARY KEY REFERENCES orgs (id) ON DELETE CASCADE,
    legal_name       TEXT NOT NULL,
    dba              TEXT NOT NULL DEFAULT '',
    entity_type      TEXT NOT NULL DEFAULT '',
    tin_type         TEXT NOT NULL DEFAULT '',
    tin_ciphertext   TEXT NOT NULL DEFAULT '',
    tin_last4        TEXT NOT NULL DEFAULT '',
    tin_index        TEXT NOT NULL DEFAULT '',
    address_line1    TEXT NOT NULL DEFAULT '',
    address_line2    TEXT NOT NULL DEFAULT '',
    city             TEXT NOT NULL DEFAULT '',
    region           TEXT NOT NULL DEFAULT '',
    postal_code      TEXT NOT NULL DEFAULT '',
    country          TEXT NOT NULL DEFAULT '',
    phone            TEXT NOT NULL DEFAULT '',
    email            TEXT NOT NULL DEFAULT '',
    website          TEXT NOT NULL DEFAULT '',
    remittance_email TEXT NOT NULL DEFAULT '',
    contacts         TEXT NOT NULL DEFAULT '[]',
    submitted_at     TIMESTAMPTZ,
    last_run_id      TEXT NOT NULL DEFAULT '',
    created_at       TIMESTAMPTZ NOT NULL,
    updated_at       TIMESTAMPTZ NOT NULL
);
CREATE INDEX supplier_profiles_tin_idx ON supplier_profiles (tin_index) WHERE tin_index <> '';

-- The KYC case: one per supplier and customer, each customer deciding on its own.
CREATE TABLE kyc_cases (
    supplier_org_id   TEXT NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
    customer_org_id   TEXT NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
    status            TEXT NOT NULL CHECK (status IN ('draft', 'submitted', 'in_review', 'needs_info', 'approved', 'rejected')),
    invitation_id     TEXT REFERENCES invitations (id) ON DELETE SET NULL,
    first_approval_by TEXT REFERENCES users (id) ON DELETE SET NULL,
    decided_by        TEXT REFERENCES users (id) ON DELETE SET NULL,
    decided_at        TIMESTAMPTZ,
    reason            TEXT NOT NULL DEFAULT '',
    submitted_at      TIMESTAMPTZ,
    created_at        TIMESTAMPTZ NOT NULL,
    updated_at        TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (supplier_org_id, customer_org_id)
);
CREATE INDEX kyc_cases_customer_idx ON kyc_cases (customer_org_id, status, updated_at);

-- Every check ever run, grouped by run; the newest run is the supplier's current one.
CREATE TABLE kyc_checks (
    id              TEXT PRIMARY KEY,
    supplier_org_id TEXT NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
    run_id          TEXT NOT NULL,
    name            TEXT NOT NULL,
    result          TEXT NOT NULL CHECK (result IN ('pass', 'fail', 'review')),
    detail          TEXT NOT NULL DEFAULT '',
    evidence        TEXT NOT NULL DEFAULT '{}',
    created_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX kyc_checks_run_idx ON kyc_checks (supplier_org_id, run_id);

-- A reviewer's decision that a sanctions hit is a false positive, re-applied at every
-- rescreening while the list entry it names is unchanged.
CREATE TABLE screening_clearances (
    id              TEXT PRIMARY KEY,
    supplier_org_id TEXT NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
    entity_id       TEXT NOT NULL,
    entry_hash      TEXT NOT NULL,
    list_version    TEXT NOT NULL,
    query           TEXT NOT NULL,
    note            TEXT NOT NULL,
    cleared_by      TEXT REFERENCES users (id) ON DELETE SET NULL,
    cleared_at      TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX screening_clearances_key ON screening_clearances (supplier_org_id, entity_id, query);

-- One row per sanctions list version the suppliers were rescreened against: the claim
-- that makes one instance do it, and the operator's record of what it found.
CREATE TABLE sanctions_rescreens (
    list_version TEXT PRIMARY KEY,
    list_number  INTEGER NOT NULL,
    suppliers    INTEGER NOT NULL DEFAULT 0,
    new_hits     INTEGER NOT NULL DEFAULT 0,
    started_at   TIMESTAMPTZ NOT NULL,
    finished_at  TIMESTAMPTZ
);

-- Uploaded documents: the bytes live encrypted in blob storage under the id.
CREATE TABLE supplier_documents (
    id              TEXT PRIMARY KEY,
    supplier_org_id TEXT NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
    kind            TEXT NOT NULL,
    file_name       TEXT NOT NULL,
    content_type    TEXT NOT NULL,
    size_bytes      INTEGER NOT NULL,
    sha256          TEXT NOT NULL,
    uploaded_by     TEXT REFERENCES users (id) ON DELETE SET NULL,
    sealed_with     TEXT NOT NULL DEFAULT '', -- the key id that sealed the blob, for rotation
    created_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX supplier_documents_supplier_idx ON supplier_documents (supplier_org_id, created_at);

-- A customer may ask for a second admin's approval of any supplier with a check to review.
ALTER TABLE orgs ADD COLUMN kyc_four_eyes BOOLEAN NOT NULL DEFAULT false;

-- +goose Down
ALTER TABLE orgs DROP COLUMN kyc_four_eyes;
DROP TABLE screening_clearances;
DROP TABLE supplier_documents;
DROP TABLE sanctions_rescreens;
DROP TABLE kyc_checks;
DROP TABLE kyc_cases;
DROP TABLE supplier_profiles;
DROP TABLE invitation_imports;
DROP TABLE invitations;
