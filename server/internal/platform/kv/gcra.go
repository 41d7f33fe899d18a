package kv

import (
	"fmt"
	"math"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/vouchhq/vouch/server/internal/platform/errs"
)

// GCRA (generic cell rate algorithm) keeps one timestamp per key, the theoretical arrival
// time (TAT) of the next event: each allowed event pushes it one emission interval
// (Period/Rate) further, and an event is allowed while TAT runs at most Burst intervals
// ahead of now. It is what go-redis/redis_rate does (after rwz/redis-gcra). Both
// renderings below, decide for Memory and allowScript for Redis, must stay in step;
// the conformance suite holds both to the same numbers.
//
// We do not call redis_rate itself because it puts its keys under a fixed "rate:" prefix
// outside of ours, which breaks per-deployment namespaces, ACL key patterns and test
// isolation.

// gcra is a validated Limit in the units both backends compute in.
type gcra struct {
	emission  time.Duration // one event's cost, Period/Rate, in whole microseconds
	tolerance time.Duration // emission*Burst: how far ahead of now TAT may run
}

// newGCRA validates l and applies its defaults (Burst 0 => Rate).
func newGCRA(l Limit) (gcra, error) {
	if l.Rate <= 0 || l.Period <= 0 || l.Burst < 0 {
		return gcra{}, fmt.Errorf("kv: allow: limit %d per %s burst %d: rate and period must be positive, burst not negative: %w",
			l.Rate, l.Period, l.Burst, errs.ErrInvalid)
	}
	burst := l.Burst
	if burst == 0 {
		burst = l.Rate
	}
	// Whole microseconds, because the Redis script counts in the microseconds of TIME and
	// must reach the same numbers as Memory.
	emission := (l.Period / time.Duration(l.Rate)).Truncate(time.Microsecond)
	if emission <= 0 {
		return gcra{}, fmt.Errorf("kv: allow: limit %d per %s: more than one event per microsecond: %w",
			l.Rate, l.Period, errs.ErrInvalid)
	}
	if int64(burst) > math.MaxInt64/int64(emission) {
		return gcra{}, fmt.Errorf("kv: allow: burst %d too large: %w", burst, errs.ErrInvalid)
	}
	return gcra{emission: emission, tolerance: emission * time.Duration(burst)}, nil
}

// decide takes one event at now from a limiter whose TAT is tat (zero when the key has
// no state) and returns the decision and the TAT to store. A denied event leaves the
// state as it was, so hammering a closed limiter does not push its reopening further
// out.
func (g gcra) decide(now, tat time.Time) (Decision, time.Time) {
	if tat.Before(now) {
		tat = now
	}
	newTAT := tat.Add(g.emission)
	diff := now.Sub(newTAT.Add(-g.tolerance)) // how far now is past the allowed time
	if diff < 0 {
		return Decision{Allowed: false, RetryAfter: -diff, ResetAfter: tat.Sub(now)}, tat
	}
	return Decision{
		Allowed:    true,
		Remaining:  int(diff / g.emission),
		ResetAfter: newTAT.Sub(now),
	}, newTAT
}

// allowScript is decide in Lua, run atomically inside Redis with Redis's clock, so every
// server instance sees one limiter whatever its own clock says. Times are integer
// microseconds since the Unix epoch; they stay exact in Lua's doubles (below 2^53) until
// the year 2255. The key expires when the limiter would be back to a full burst, since an
// absent key means the same.
//
// KEYS[1] the limiter key; ARGV[1] emission in µs; ARGV[2] tolerance in µs.
// Returns {allowed (0|1), remaining, retry_after µs, reset_after µs}.
var allowScript = redis.NewScript(`
local emission = tonumber(ARGV[1])
local tolerance = tonumber(ARGV[2])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local tat = tonumber(redis.call('GET', KEYS[1])) or now
if tat < now then tat = now end
local new_tat = tat + emission
local diff = now - (new_tat - tolerance)
if diff < 0 then
  return {0, 0, -diff, tat - now}
end
redis.call('SET', KEYS[1], string.format('%d', new_tat), 'PX', math.ceil((new_tat - now) / 1000))
return {1, math.floor(diff / emission), 0, new_tat - now}
`)
