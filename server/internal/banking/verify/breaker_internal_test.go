package verify

import (
	"sync"
	"testing"
	"time"
)

func TestBreakerOneTrialAtATime(t *testing.T) {
	t.Parallel()
	now := time.Unix(0, 0)
	var changes []string
	b := &breaker{threshold: 1, cooldown: time.Minute, now: func() time.Time { return now },
		changed: func(from, to breakerState) { changes = append(changes, from.String()+">"+to.String()) }}

	tk, ok := b.allow()
	if !ok || tk.trial {
		t.Fatalf("closed breaker: allow = %v, %+v", ok, tk)
	}
	b.record(tk, unhealthy)
	if _, ok := b.allow(); ok {
		t.Fatal("open breaker let a request through")
	}

	now = now.Add(time.Minute)
	var wg sync.WaitGroup
	var mu sync.Mutex
	trials := 0
	for range 8 {
		wg.Go(func() {
			if tk, ok := b.allow(); ok {
				mu.Lock()
				trials++
				mu.Unlock()
				if !tk.trial {
					t.Error("half-open breaker gave a non-trial ticket")
				}
			}
		})
	}
	wg.Wait()
	if trials != 1 {
		t.Fatalf("half-open breaker let %d requests through, want 1", trials)
	}

	// A neutral trial (the caller gave up) leaves it half-open for the next caller.
	b.record(ticket{trial: true}, neutral)
	tk, ok = b.allow()
	if !ok || !tk.trial {
		t.Fatal("after a neutral trial the next request should be the trial")
	}
	b.record(tk, healthy)
	if b.state != closed || b.failures != 0 {
		t.Fatalf("after a good trial: state %v, failures %d", b.state, b.failures)
	}
	want := []string{"closed>open", "open>half_open", "half_open>closed"}
	if len(changes) != len(want) {
		t.Fatalf("changes %v, want %v", changes, want)
	}
	for i := range want {
		if changes[i] != want[i] {
			t.Fatalf("changes %v, want %v", changes, want)
		}
	}
}

func TestBreakerIgnoresLateResults(t *testing.T) {
	t.Parallel()
	now := time.Unix(0, 0)
	b := &breaker{threshold: 1, cooldown: time.Minute, now: func() time.Time { return now }}
	early, _ := b.allow() // begins while closed
	tk, _ := b.allow()
	b.record(tk, unhealthy) // opens
	b.record(early, healthy)
	if b.state != open {
		t.Fatalf("a result from before the opening closed the breaker: %v", b.state)
	}
}
