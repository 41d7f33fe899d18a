-- Four-eyes requests can be cancelled (by their requester or any platform staff), and the
-- reason for a decision is kept with the request.

-- +goose Up
ALTER TABLE staff_approvals DROP CONSTRAINT staff_approvals_status_check;
ALTER TABLE staff_approvals ADD CONSTRAINT staff_approvals_status_check
    CHECK (status IN ('pending', 'approved', 'cancelled'));
ALTER TABLE staff_approvals ADD COLUMN decision_reason TEXT NOT NULL DEFAULT '';
