package identity

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/vouchhq/vouch/server/internal/platform/errs"
)

// List returns a user's passkeys, oldest first.
func (p *Passkeys) List(ctx context.Context, userID string) ([]Passkey, error) {
	return p.store.ListPasskeys(ctx, userID, "")
}

// Delete removes one of the user's own passkeys, audited; another user's id is
// errs.ErrNotFound, exactly like an id that does not exist.
func (p *Passkeys) Delete(ctx context.Context, actor Actor, u User, id string) error {
	err := p.store.DB().WithTx(ctx, func(ctx context.Context) error {
		pk, err := p.store.getPasskey(ctx, u.ID, id)
		if err != nil {
			return err
		}
		if err := p.store.deletePasskey(ctx, u.ID, id); err != nil {
			return err
		}
		ev := actor.event("passkey.deleted", "passkey", pk.ID, u.PrimaryOrg())
		ev.Details = map[string]any{"name": pk.Name, "owner_id": u.ID}
		_, err = p.svc.audit.Record(ctx, ev)
		return err
	})
	if errors.Is(err, errs.ErrNotFound) {
		return errPasskeyNotFound
	}
	if err != nil {
		return fmt.Errorf("delete passkey: %w", err)
	}
	return nil
}

// DeleteAll removes every passkey of a user (staff acting on a lost device), audited with
// the actor's reason.
func (p *Passkeys) DeleteAll(ctx context.Context, actor Actor, u User) (int64, error) {
	if strings.TrimSpace(actor.Reason) == "" {
		return 0, fmt.Errorf("delete passkeys: %w", errs.FieldErrors{}.Add("reason", "is required"))
	}
	var n int64
	err := p.store.DB().WithTx(ctx, func(ctx context.Context) error {
		var err error
		if n, err = p.store.deletePasskeys(ctx, u.ID); err != nil {
			return err
		}
		ev := actor.event("passkey.deleted_all", "user", u.ID, u.PrimaryOrg())
		ev.Details = map[string]any{"count": n}
		_, err = p.svc.audit.Record(ctx, ev)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("delete passkeys: %w", err)
	}
	return n, nil
}
