package httpapi

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// What kv keeps of an answer is sealed under the client's key: an API key or an
// invitation link in an answer cannot be read from kv, nor opened by another caller.
func TestIdempotencySlotSealsAnswers(t *testing.T) {
	secret := []byte(`{"key":"vch_live_0123456789abcdef"}`)
	slot := newIdempotencySlot("user:usr_1", "POST", "/api/v1/api-keys", "k-1")
	raw, err := slot.seal(answer{BodyHash: "h", Status: 201, ContentType: "application/json", Body: secret})
	require.NoError(t, err)
	assert.False(t, bytes.Contains(raw, []byte("vch_live")), "kv holds no answer in the clear")
	assert.NotContains(t, slot.kvKey, "k-1", "nor the client's key")

	got, err := slot.open(raw)
	require.NoError(t, err)
	assert.Equal(t, secret, got.Body)

	for _, other := range []idempotencySlot{
		newIdempotencySlot("user:usr_2", "POST", "/api/v1/api-keys", "k-1"),
		newIdempotencySlot("user:usr_1", "POST", "/api/v1/api-keys", "k-2"),
	} {
		assert.NotEqual(t, slot.kvKey, other.kvKey)
		_, err := other.open(raw)
		assert.Error(t, err, "another caller or key cannot open it")
	}
	_, err = slot.open(raw[:5])
	assert.Error(t, err)
}
