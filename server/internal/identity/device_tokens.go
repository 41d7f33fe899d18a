package identity

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/vouchhq/vouch/server/internal/platform/db"
)

// ListDevices returns the live device tokens of a user, newest first.
func (s *Service) ListDevices(ctx context.Context, userID string) ([]Token, error) {
	var out []Token
	if err := s.store.DB().Select(ctx, &out, `SELECT `+tokenColumns+` FROM api_tokens
		WHERE revoked_at IS NULL AND kind = 'device' AND user_id = ? ORDER BY created_at DESC, id`, userID); err != nil {
		return nil, fmt.Errorf("list devices: %w", err)
	}
	for i := range out {
		out[i].Scopes = strings.Fields(out[i].ScopeList)
	}
	if out == nil {
		out = []Token{}
	}
	return out, nil
}

// RevokeDevice disconnects one of the user's devices; its token is refused from the next
// request on. Someone else's device, or an unknown one, is device_not_found.
func (s *Service) RevokeDevice(ctx context.Context, actor Actor, u User, id string) error {
	err := s.store.DB().WithTx(ctx, func(ctx context.Context) error {
		res, err := s.store.DB().Exec(ctx, `UPDATE api_tokens SET revoked_at = ?
			WHERE id = ? AND user_id = ? AND kind = 'device' AND revoked_at IS NULL`, db.NormalizeTime(time.Now()), id, u.ID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return errDeviceNotFound
		}
		ev := actor.event("token.revoked", "token", id, u.PrimaryOrg())
		ev.Details = map[string]any{"kind": TokenDevice}
		_, err = s.audit.Record(ctx, ev)
		return err
	})
	if err != nil {
		return fmt.Errorf("revoke device: %w", err)
	}
	return nil
}
