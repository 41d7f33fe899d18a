-- Passkey as a second factor: a user must prove a passkey after their password when their
-- own flag or the flag of any org they hold a role in is set (docs/decisions/0016).

-- +goose Up
ALTER TABLE users ADD COLUMN require_passkey BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE orgs ADD COLUMN require_passkey BOOLEAN NOT NULL DEFAULT false;
