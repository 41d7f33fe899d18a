package audit

import (
	"context"
	"fmt"
)

// The reasons a link can break, in the order Verify checks them.
const (
	// ReasonSeqGap: the event's Seq is not one more than the previous event's (or the
	// first event is not Seq 1): events before it were deleted.
	ReasonSeqGap = "seq gap"
	// ReasonPrevHashMismatch: the event's PrevHash is not the previous event's Hash: an
	// event before it was removed or rewritten along with its hash.
	ReasonPrevHashMismatch = "prev_hash mismatch"
	// ReasonHashMismatch: the event's fields no longer hash to its Hash: it was altered.
	ReasonHashMismatch = "hash mismatch"
)

// Verdict is the outcome of Verify.
type Verdict struct {
	// OK is true when every event links to the one before and hashes to its Hash.
	OK bool `json:"ok"`
	// Checked counts the events that verified, up to the first broken one.
	Checked int `json:"checked"`
	// FirstBroken is where the chain breaks first; nil when OK.
	FirstBroken *BrokenLink `json:"first_broken,omitempty"`
	// LastSeq and LastHash identify the last event that verified (0 and GenesisHash for an
	// empty log). The chain cannot show that events were cut off its end; recording
	// LastHash somewhere else from time to time (a ticket, a log shipper) can.
	LastSeq  int64  `json:"last_seq"`
	LastHash string `json:"last_hash"`
}

// BrokenLink locates the first break in the chain.
type BrokenLink struct {
	// Seq and EventID identify the first event that fails a check.
	Seq     int64  `json:"seq"`
	EventID string `json:"event_id"`
	// Reason is ReasonSeqGap, ReasonPrevHashMismatch or ReasonHashMismatch.
	Reason string `json:"reason"`
}

// Verify walks the whole chain in Seq order, a batch at a time, recomputing every hash,
// and reports the first broken link. A broken chain is a Verdict with OK false, not an
// error; errors are for a database that cannot be read.
func (l *Log) Verify(ctx context.Context) (Verdict, error) {
	v := Verdict{LastHash: GenesisHash}
	batch := make([]row, 0, l.batch)
	for {
		batch = batch[:0] // reuse the backing array: sqlx appends to it
		err := l.db.Select(ctx, &batch, `SELECT `+selectColumns+` FROM audit_events
			WHERE seq > ? ORDER BY seq LIMIT ?`, v.LastSeq, l.batch)
		if err != nil {
			return Verdict{}, fmt.Errorf("read audit events after seq %d: %w", v.LastSeq, err)
		}
		for i := range batch {
			r := &batch[i]
			if reason := check(r, v.LastSeq, v.LastHash); reason != "" {
				v.FirstBroken = &BrokenLink{Seq: r.Seq, EventID: r.ID, Reason: reason}
				return v, nil
			}
			v.Checked++
			v.LastSeq, v.LastHash = r.Seq, r.Hash
		}
		if len(batch) < l.batch {
			v.OK = true
			return v, nil
		}
	}
}

// check returns why r does not follow the event (prevSeq, prevHash), or "" if it does.
func check(r *row, prevSeq int64, prevHash string) string {
	switch {
	case r.Seq != prevSeq+1:
		return ReasonSeqGap
	case r.PrevHash != prevHash:
		return ReasonPrevHashMismatch
	case r.computeHash() != r.Hash:
		return ReasonHashMismatch
	}
	return ""
}
