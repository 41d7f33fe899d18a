package audit

import (
	"crypto/sha256"
	"encoding/hex"
	"hash"
	"io"
	"strconv"
	"time"
)

// GenesisHash is the PrevHash of the first event: 64 zeros, the hex width of a SHA-256.
const GenesisHash = "0000000000000000000000000000000000000000000000000000000000000000"

// hashVersion starts every hashed encoding, so that a future change to the encoding can
// be told apart from tampering by the version it claims.
const hashVersion = "vouch.audit.v1"

// atLayout is how At enters the hash: UTC with exactly six fractional digits, the
// precision both backends keep (db.NormalizeTime), so the value read back hashes the same.
const atLayout = "2006-01-02T15:04:05.000000Z"

// computeHash returns the event's hash as the package comment specifies ("Hash
// encoding"). TestHashIsPinned holds it to a value computed independently.
func (r *row) computeHash() string {
	h := sha256.New()
	for _, f := range [...]string{
		hashVersion,
		strconv.FormatInt(r.Seq, 10),
		r.ID,
		r.At.UTC().Format(atLayout),
		r.ActorID,
		r.ActorRole,
		r.Action,
		r.TargetType,
		r.TargetID,
		r.OrgID,
		r.IP,
		r.UserAgent,
		r.Reason,
		r.VerifiedByMethod,
		r.VerifiedByNote,
		r.Details,
		r.PrevHash,
	} {
		writeNetstring(h, f)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// writeNetstring writes s to h as a netstring; hash.Hash writes never fail.
func writeNetstring(h hash.Hash, s string) {
	var buf [24]byte
	b := strconv.AppendInt(buf[:0], int64(len(s)), 10)
	b = append(b, ':')
	h.Write(b)
	io.WriteString(h, s)
	h.Write([]byte{','})
}

// formatAt renders an event time the way it is hashed, for exports.
func formatAt(t time.Time) string { return t.UTC().Format(atLayout) }
