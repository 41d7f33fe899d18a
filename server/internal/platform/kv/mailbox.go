package kv

import "sync/atomic"

// mailbox is the receiving end both backends give a subscriber: a buffer of
// SubscriptionBuffer messages that drops, and counts, what does not fit. A publisher
// therefore never waits on a reader, however slow or stuck that reader is.
type mailbox struct {
	ch      chan []byte
	dropped atomic.Uint64
}

// newMailbox returns an empty mailbox.
func newMailbox() *mailbox {
	return &mailbox{ch: make(chan []byte, SubscriptionBuffer)}
}

// offer delivers msg if there is room and counts it as dropped otherwise. The caller
// makes sure ch is not closed concurrently.
func (b *mailbox) offer(msg []byte) {
	select {
	case b.ch <- msg:
	default:
		b.dropped.Add(1)
	}
}
