package verify

import (
	"sync"
	"time"
)

// outcome is what one attempt says about the vendor's health.
type outcome int

const (
	neutral   outcome = iota // says nothing: the caller gave up first
	healthy                  // the vendor answered (a 4xx counts: it is up, our request was refused)
	unhealthy                // no answer in time, a 5xx or 429, or a garbled answer
)

// breakerState is where the circuit breaker stands.
type breakerState int

const (
	closed   breakerState = iota // requests flow; consecutive failures are counted
	open                         // requests fail fast until the cool-down has passed
	halfOpen                     // one trial request decides between closed and open
)

// String names the state for logs.
func (s breakerState) String() string {
	switch s {
	case closed:
		return "closed"
	case open:
		return "open"
	default:
		return "half_open"
	}
}

// breaker stops calling a vendor that keeps failing, so suppliers fall back to
// micro-deposits at once instead of each waiting out the full deadline, and the vendor
// is not hammered while it recovers. It counts attempts, not Verify calls: each attempt
// is a request the vendor has to bear.
type breaker struct {
	threshold int              // consecutive failures that open the circuit
	cooldown  time.Duration    // how long it stays open before a trial
	now       func() time.Time // injectable so tests need not wait the cool-down
	changed   func(from, to breakerState)

	mu       sync.Mutex
	state    breakerState
	failures int
	openedAt time.Time
	trialOut bool // a half-open trial is in flight
}

// ticket is a permission to make one attempt; record needs it back.
type ticket struct{ trial bool }

// allow reports whether an attempt may go out now, and if so the ticket to record it with.
func (b *breaker) allow() (ticket, bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	switch b.state {
	case closed:
		return ticket{}, true
	case open:
		if b.now().Sub(b.openedAt) < b.cooldown {
			return ticket{}, false
		}
		b.set(halfOpen)
		fallthrough
	default: // halfOpen
		if b.trialOut {
			return ticket{}, false // one trial at a time: the vendor may still be down
		}
		b.trialOut = true
		return ticket{trial: true}, true
	}
}

// record feeds an attempt's outcome back.
func (b *breaker) record(t ticket, o outcome) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if t.trial {
		b.trialOut = false
		switch o {
		case healthy:
			b.failures = 0
			b.set(closed)
		case unhealthy:
			b.openedAt = b.now()
			b.set(open)
		}
		return // neutral: stay half-open, the next request is the trial
	}
	if b.state != closed {
		return // an attempt that began before the circuit opened says nothing new
	}
	switch o {
	case healthy:
		b.failures = 0
	case unhealthy:
		b.failures++
		if b.failures >= b.threshold {
			b.openedAt = b.now()
			b.set(open)
		}
	}
}

// set moves to state s and reports the change; b.mu is held.
func (b *breaker) set(s breakerState) {
	if s == b.state {
		return
	}
	from := b.state
	b.state = s
	if b.changed != nil {
		b.changed(from, s)
	}
}
