package documents

import (
	"bytes"
	"context"
	"fmt"
	"io"
)

// DefaultMaxSize is the upload limit when Options.MaxSize is zero: 10 MiB, more than a
// scanned W-9 or bank letter needs, small enough to hold in memory while it is sealed.
const DefaultMaxSize int64 = 10 << 20

// Options tunes how uploads are read.
type Options struct {
	// MaxSize is the largest upload accepted, in bytes; zero or less means
	// DefaultMaxSize.
	MaxSize int64
}

// maxSize returns the effective limit.
func (o Options) maxSize() int64 {
	if o.MaxSize <= 0 {
		return DefaultMaxSize
	}
	return o.MaxSize
}

// Read reads an upload body into memory, never more than the limit plus one byte: the
// extra byte tells "exactly at the limit" from "over it", and a client streaming gigabytes
// costs at most that much. Over the limit wraps ErrTooLarge, no bytes wraps ErrEmpty. The
// read stops when ctx is done. It does not check the type; Sniff does.
func Read(ctx context.Context, r io.Reader, opts Options) ([]byte, error) {
	limit := opts.maxSize()
	var buf bytes.Buffer
	n, err := buf.ReadFrom(io.LimitReader(ctxReader{ctx, r}, limit+1))
	if err != nil {
		return nil, fmt.Errorf("read upload: %w", err)
	}
	if n > limit {
		return nil, fmt.Errorf("read upload: over %d bytes: %w", limit, ErrTooLarge)
	}
	if n == 0 {
		return nil, fmt.Errorf("read upload: %w", ErrEmpty)
	}
	return buf.Bytes(), nil
}

// ctxReader stops a read between chunks once ctx is done, so a slow client does not hold
// the handler past its deadline.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}
