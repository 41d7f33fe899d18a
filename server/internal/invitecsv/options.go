package invitecsv

// Defaults for Options.
const (
	// DefaultMaxBytes bounds the file: 20 MiB holds 50,000 rows with long names and room
	// to spare, and refuses a 50 MB upload after reading 20 MiB of it, not all of it.
	DefaultMaxBytes int64 = 20 << 20
	// DefaultMaxRows is the most invitations one file may carry.
	DefaultMaxRows = 50_000
)

// MaxNameLen is the longest supplier name accepted, in characters.
const MaxNameLen = 200

// maxEmailLen is the longest address accepted (RFC 5321's 254-octet path limit less the
// angle brackets); longer text is not an address anyone can receive mail at.
const maxEmailLen = 254

// Options bounds a parse. Zero values mean the defaults.
type Options struct {
	MaxBytes int64 // the most bytes read from the file; DefaultMaxBytes when zero or less
	MaxRows  int   // the most data rows; DefaultMaxRows when zero or less
}

// withDefaults fills in zero fields.
func (o Options) withDefaults() Options {
	if o.MaxBytes <= 0 {
		o.MaxBytes = DefaultMaxBytes
	}
	if o.MaxRows <= 0 {
		o.MaxRows = DefaultMaxRows
	}
	return o
}
