// Package kv is the shared, short-lived state of the server: sessions, rate limits,
// WebAuthn ceremony state and the live-alert fan-out. One Store interface has two
// backends: Memory, for a single process (the embedded default), and Redis, for any
// number of server instances behind a load balancer (go-redis UniversalClient, so a
// single node, Sentinel and Cluster all work). Both pass the one conformance suite in
// kv/kvtest.
//
// Errors carry the kinds of package errs: a missing or expired key is errs.ErrNotFound,
// a backend that does not answer is errs.ErrUnavailable (the HTTP edge answers 503 with
// Retry-After), bad arguments are errs.ErrInvalid. Error texts never contain keys or
// values, because keys hold session and ceremony ids that must not reach the logs.
package kv

import (
	"context"
	"fmt"
	"time"

	"github.com/vouchhq/vouch/server/internal/platform/errs"
)

// Store is the key-value contract every backend meets. All methods are safe for
// concurrent use. A ttl of 0 means "no expiry"; a negative ttl is errs.ErrInvalid.
// TTLs are kept with millisecond resolution (a positive ttl below 1ms counts as 1ms),
// because that is what Redis offers.
type Store interface {
	// Get returns the value of key; a missing or expired key is errs.ErrNotFound (wrapped).
	Get(ctx context.Context, key string) ([]byte, error)
	// MGet returns the values of keys in one round trip, in the order asked; a missing or
	// expired key is a nil entry, not an error. It exists for the per-request reads that
	// would otherwise cost one network hop each.
	MGet(ctx context.Context, keys ...string) ([][]byte, error)
	// Set stores value under key, replacing any value and ttl it had.
	Set(ctx context.Context, key string, value []byte, ttl time.Duration) error
	// SetNX stores value only if key does not exist, and reports whether it did.
	SetNX(ctx context.Context, key string, value []byte, ttl time.Duration) (bool, error)
	// GetDel returns the value of key and deletes it in one atomic step, so single-use
	// state (a WebAuthn challenge) can be taken exactly once; missing is errs.ErrNotFound.
	GetDel(ctx context.Context, key string) ([]byte, error)
	// Delete removes the keys; missing keys are not an error.
	Delete(ctx context.Context, keys ...string) error
	// Expire sets a new ttl on an existing key (0 removes its expiry) and reports whether
	// the key existed.
	Expire(ctx context.Context, key string, ttl time.Duration) (bool, error)
	// Incr adds by to the integer at key (a missing key counts as 0) and returns the new
	// value. ttl is applied only when this call creates the key, never extended later, so
	// a fixed window ("5 attempts per 15 minutes") ends on time however busy it is. A key
	// that holds something other than a decimal int64, or an overflow, is errs.ErrConflict.
	Incr(ctx context.Context, key string, by int64, ttl time.Duration) (int64, error)
	// Allow takes one event from the rate limit of key and reports whether it may happen.
	// It implements GCRA (the algorithm of go-redis/redis_rate) identically on both
	// backends. The limiter state lives apart from Get/Set values (in Redis under
	// "rate:"+key inside the prefix). An invalid limit is errs.ErrInvalid.
	Allow(ctx context.Context, key string, limit Limit) (Decision, error)
	// Publish sends msg to every current subscriber of channel, on every instance. Delivery
	// is at most once: a subscriber that is too slow, or a Redis connection that drops,
	// loses messages. Use it for hints ("something changed, refetch"), not for records.
	Publish(ctx context.Context, channel string, msg []byte) error
	// Subscribe listens to channel. The subscription is live when Subscribe returns: a
	// message published after that is delivered. Its channel closes when the subscription
	// or the store is closed, or ctx ends.
	Subscribe(ctx context.Context, channel string) (Subscription, error)
	// SAdd adds members to the set at key and sets the set's ttl (0: none). Sets index
	// things that live elsewhere (a user's sessions); they share keys with Get/Set, so a
	// key holds either a value or a set, and Delete removes either.
	SAdd(ctx context.Context, key string, ttl time.Duration, members ...string) error
	// SRem removes members from the set at key; missing ones are not an error.
	SRem(ctx context.Context, key string, members ...string) error
	// SMembers returns the members of the set at key, in no particular order; a missing
	// key is an empty set.
	SMembers(ctx context.Context, key string) ([]string, error)
	// Ping checks that the backend answers.
	Ping(ctx context.Context) error
	// Close releases the backend and closes every subscription. It is idempotent; other
	// calls afterwards fail with errs.ErrUnavailable.
	Close() error
}

// SubscriptionBuffer is how many messages a subscription holds for a reader that has not
// taken them yet. When it is full, further messages to that subscriber are dropped and
// counted (Subscription.Dropped); the publisher and the other subscribers never wait.
// Dropping rather than closing keeps a live stream going through a burst; a reader that
// sees Dropped grow knows it missed something and can refetch.
const SubscriptionBuffer = 256

// Subscription is one listener on one pub/sub channel.
type Subscription interface {
	// C delivers the messages in the order they were published (per publisher). It is
	// closed when the subscription ends; every Subscription has its own copy of each
	// message, so a reader may keep or change the slices it receives.
	C() <-chan []byte
	// Dropped counts the messages lost because the buffer was full.
	Dropped() uint64
	// Close ends the subscription and closes C. It is idempotent.
	Close() error
}

// Limit is a rate limit: Rate events per Period on average, with up to Burst of them
// allowed at once. Burst 0 means Burst = Rate.
type Limit struct {
	Rate   int
	Period time.Duration
	Burst  int
}

// Decision is the outcome of one Allow call.
type Decision struct {
	// Allowed reports whether the event may happen; a denied event is not counted.
	Allowed bool
	// Remaining is how many more events would be allowed right now.
	Remaining int
	// RetryAfter is how long to wait until the next event is allowed; 0 when allowed.
	// The HTTP edge sends it as Retry-After.
	RetryAfter time.Duration
	// ResetAfter is how long until the limiter is back to a full burst.
	ResetAfter time.Duration
}

// defaultPrefix namespaces every key and channel of the Redis backend when none is given.
const defaultPrefix = "vouch:"

// normTTL validates a ttl and rounds a positive one below 1ms up to 1ms, so that both
// backends expire such keys alike (Redis counts in milliseconds).
func normTTL(op string, ttl time.Duration) (time.Duration, error) {
	switch {
	case ttl < 0:
		return 0, fmt.Errorf("kv: %s: negative ttl %s: %w", op, ttl, errs.ErrInvalid)
	case ttl > 0 && ttl < time.Millisecond:
		return time.Millisecond, nil
	}
	return ttl, nil
}
