package db

import (
	"crypto/rand"
	"strings"
)

// NewID returns a new opaque id: prefix, an underscore and 26 lowercase base32 characters
// (130 random bits from crypto/rand), e.g. "usr_k3x…". The prefix says what the id names
// in logs and support tickets; the randomness makes ids unguessable, so they can appear
// in URLs without revealing how many rows exist.
func NewID(prefix string) string {
	return prefix + "_" + strings.ToLower(rand.Text())
}
