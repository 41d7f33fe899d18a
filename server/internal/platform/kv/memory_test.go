package kv

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestMemoryJanitor checks that expired entries nobody reads again are swept, and that
// Close stops the janitor.
func TestMemoryJanitor(t *testing.T) {
	t.Parallel()
	m := newMemory(10 * time.Millisecond)
	ctx := t.Context()
	require.NoError(t, m.Set(ctx, "gone", []byte("v"), time.Millisecond))
	require.NoError(t, m.Set(ctx, "kept", []byte("v"), 0))
	_, err := m.Allow(ctx, "ip", Limit{Rate: 1000, Period: time.Second})
	require.NoError(t, err)

	size := func() (int, int) {
		m.mu.Lock()
		defer m.mu.Unlock()
		return len(m.items), len(m.rates)
	}
	require.Eventually(t, func() bool {
		items, rates := size()
		return items == 1 && rates == 0
	}, 5*time.Second, 10*time.Millisecond, "the janitor sweeps expired values and limiters")

	require.NoError(t, m.Close())
	select {
	case <-m.done:
	default:
		t.Fatal("Close returned before the janitor stopped")
	}
}

// TestGCRA pins the limiter's arithmetic on a fixed clock; the conformance suite checks
// that Redis reaches the same numbers.
func TestGCRA(t *testing.T) {
	t.Parallel()
	g, err := newGCRA(Limit{Rate: 10, Period: time.Second}) // one per 100ms, burst 10
	require.NoError(t, err)
	assert.Equal(t, 100*time.Millisecond, g.emission)
	assert.Equal(t, time.Second, g.tolerance)

	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	var tat time.Time
	var d Decision
	for i := range 10 {
		d, tat = g.decide(now, tat)
		require.True(t, d.Allowed, "event %d", i+1)
		assert.Equal(t, 9-i, d.Remaining)
		assert.Equal(t, time.Duration(i+1)*100*time.Millisecond, d.ResetAfter)
	}
	d, tat2 := g.decide(now, tat)
	assert.False(t, d.Allowed)
	assert.Equal(t, tat, tat2, "a denied event changes nothing")
	assert.Equal(t, 100*time.Millisecond, d.RetryAfter)
	assert.Equal(t, time.Second, d.ResetAfter)

	d, _ = g.decide(now.Add(99*time.Millisecond), tat)
	assert.False(t, d.Allowed)
	assert.Equal(t, time.Millisecond, d.RetryAfter)
	d, tat = g.decide(now.Add(100*time.Millisecond), tat)
	assert.True(t, d.Allowed, "one event per emission interval comes back")
	assert.Zero(t, d.Remaining)

	d, _ = g.decide(now.Add(time.Hour), tat)
	assert.True(t, d.Allowed)
	assert.Equal(t, 9, d.Remaining, "a stale state is a full burst")
}
