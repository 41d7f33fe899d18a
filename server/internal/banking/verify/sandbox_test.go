package verify_test

import (
	"context"
	"errors"
	"regexp"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vouchhq/vouch/server/internal/banking/verify"
	"github.com/vouchhq/vouch/server/internal/platform/errs"
)

func TestSandboxOutcomes(t *testing.T) {
	t.Parallel()
	at := time.Date(2030, 5, 6, 7, 8, 9, 0, time.FixedZone("EST", -5*3600))
	s := &verify.Sandbox{Now: func() time.Time { return at }}
	tests := []struct {
		acct   string
		status verify.Status
		owner  string
		code   string
	}{
		{"12340000", verify.StatusNotFound, "", "NOT_FOUND"},
		{"12341111", verify.StatusClosed, "", "CLOSED"},
		{"12342222", verify.StatusClosedForCause, "", "CLOSED_FOR_CAUSE"},
		{"12343333", verify.StatusFrozen, "", "FROZEN"},
		{"12344444", verify.StatusOpen, verify.SandboxOwnerMismatch, "OPEN"},
		{"12345678", verify.StatusOpen, "ACME WIDGETS LLC", "OPEN"},
		{"0001", verify.StatusOpen, "ACME WIDGETS LLC", "OPEN"},
		{"99990000", verify.StatusNotFound, "", "NOT_FOUND"}, // only the last four count
	}
	for _, tt := range tests {
		t.Run(tt.acct, func(t *testing.T) {
			t.Parallel()
			a, err := s.Verify(t.Context(), request(tt.acct))
			require.NoError(t, err)
			assert.Equal(t, "sandbox", a.Provider)
			assert.Equal(t, tt.status, a.AccountStatus)
			assert.Equal(t, tt.owner, a.OwnerOfRecord)
			assert.Equal(t, map[string]string{"sandbox_code": tt.code}, a.RawCodes)
			assert.Regexp(t, regexp.MustCompile(`^sbx_[0-9a-f]{12}$`), a.ProviderRef)
			assert.Regexp(t, regexp.MustCompile(`^[0-9a-f]{64}$`), a.RawSHA256)
			assert.Equal(t, at.UTC(), a.CheckedAt)
			assert.Equal(t, time.UTC, a.CheckedAt.Location())

			again, err := s.Verify(t.Context(), request(tt.acct))
			require.NoError(t, err)
			assert.Equal(t, a, again, "the sandbox is deterministic")
		})
	}
}

func TestSandboxRefDiffersByAccount(t *testing.T) {
	t.Parallel()
	s := &verify.Sandbox{}
	a, err := s.Verify(t.Context(), request("12345678"))
	require.NoError(t, err)
	b, err := s.Verify(t.Context(), request("12345679"))
	require.NoError(t, err)
	assert.NotEqual(t, a.ProviderRef, b.ProviderRef)
	assert.NotEqual(t, a.RawSHA256, b.RawSHA256)
}

func TestSandboxOwnerFallsBackToHolderName(t *testing.T) {
	t.Parallel()
	req := request("12345678")
	req.LegalName = ""
	a, err := (&verify.Sandbox{}).Verify(t.Context(), req)
	require.NoError(t, err)
	assert.Equal(t, "Acme Widgets", a.OwnerOfRecord)
}

func TestSandboxNoAnswer(t *testing.T) {
	t.Parallel()
	t.Run("own timeout", func(t *testing.T) {
		t.Parallel()
		s := &verify.Sandbox{Timeout: 5 * time.Millisecond}
		start := time.Now()
		_, err := s.Verify(t.Context(), request("12349999"))
		require.ErrorIs(t, err, verify.ErrNoAnswer)
		assert.ErrorIs(t, err, errs.ErrUnavailable)
		assert.NotErrorIs(t, err, verify.ErrBadAnswer)
		assert.GreaterOrEqual(t, time.Since(start), 5*time.Millisecond)
	})
	t.Run("context deadline first", func(t *testing.T) {
		t.Parallel()
		s := &verify.Sandbox{Timeout: time.Hour}
		ctx, cancel := context.WithTimeout(t.Context(), 5*time.Millisecond)
		defer cancel()
		start := time.Now()
		_, err := s.Verify(ctx, request("12349999"))
		require.ErrorIs(t, err, verify.ErrNoAnswer)
		assert.ErrorIs(t, err, context.DeadlineExceeded)
		assert.Less(t, time.Since(start), time.Second)
	})
}

func TestSandboxLatency(t *testing.T) {
	t.Parallel()
	t.Run("waits at least the minimum", func(t *testing.T) {
		t.Parallel()
		s := &verify.Sandbox{MinLatency: 3 * time.Millisecond, MaxLatency: 6 * time.Millisecond}
		start := time.Now()
		_, err := s.Verify(t.Context(), request("12345678"))
		require.NoError(t, err)
		assert.GreaterOrEqual(t, time.Since(start), 3*time.Millisecond)
	})
	t.Run("a deadline inside the latency is no answer", func(t *testing.T) {
		t.Parallel()
		s := &verify.Sandbox{MinLatency: time.Hour, MaxLatency: time.Hour}
		ctx, cancel := context.WithTimeout(t.Context(), 2*time.Millisecond)
		defer cancel()
		_, err := s.Verify(ctx, request("12345678"))
		require.ErrorIs(t, err, verify.ErrNoAnswer)
	})
	t.Run("defaults", func(t *testing.T) {
		t.Parallel()
		s := verify.NewSandbox()
		assert.Equal(t, 50*time.Millisecond, s.MinLatency)
		assert.Equal(t, 150*time.Millisecond, s.MaxLatency)
	})
}

func TestSandboxRefusesInvalidRequests(t *testing.T) {
	t.Parallel()
	req := request("12345678")
	req.RoutingNumber = "021000022" // bad check digit
	_, err := (&verify.Sandbox{}).Verify(t.Context(), req)
	require.ErrorIs(t, err, errs.ErrInvalid)
	var fe errs.FieldErrors
	require.True(t, errors.As(err, &fe))
	assert.Equal(t, "routing_number", fe[0].Field)
}
