package httpapi

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"mime"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/vouchhq/vouch/server/internal/platform/errs"
	"github.com/vouchhq/vouch/server/internal/platform/kv"
)

// headerIdempotencyKey is the header a client retries a create with (API.md: create-type
// POSTs honour it).
const headerIdempotencyKey = "Idempotency-Key"

// headerIdempotentReplayed marks an answer repeated from the first request with the key.
const headerIdempotentReplayed = "Idempotent-Replayed"

const (
	// idempotencyTTL is how long a key's answer is kept: a day, long enough for any
	// client's retries, short enough that kv does not fill up.
	idempotencyTTL = 24 * time.Hour
	// idempotencyPendingTTL bounds how long a request in progress holds its key: a
	// server that dies mid-request must not block the key for a day.
	idempotencyPendingTTL = time.Minute
	// maxIdempotencyKey is the longest key taken (a UUID is 36 characters).
	maxIdempotencyKey = 255
)

// idempotency makes create-type POSTs safe to retry (docs/decisions/0026): the first
// request with a key runs and its successful answer is kept; a retry with the same key,
// caller, route and body gets that answer again instead of creating a second thing.
// Answers are sealed under a key derived from the client's Idempotency-Key, which kv
// never sees, so kv does not hold an API key or an invitation link in the clear.
type idempotency struct {
	kv  kv.Store
	log *slog.Logger
}

// answer is a request's outcome as kept in kv: pending while the first request runs.
type answer struct {
	Pending     bool   `json:"pending,omitempty"`
	BodyHash    string `json:"body_hash"`
	Status      int    `json:"status,omitempty"`
	ContentType string `json:"content_type,omitempty"`
	Body        []byte `json:"body,omitempty"`
}

// run runs h once per Idempotency-Key; without the header it just runs h.
func (i *idempotency) run(c *fiber.Ctx, h fiber.Handler) error {
	key := c.Get(headerIdempotencyKey)
	if key == "" || i == nil {
		return h(c)
	}
	if !validIdempotencyKey(key) {
		return &problemError{Problem{Status: fiber.StatusBadRequest, Code: "invalid_idempotency_key",
			Detail: fmt.Sprintf("The Idempotency-Key header must be 1 to %d printable ASCII characters, such as a UUID.", maxIdempotencyKey)}}
	}
	scope := "anonymous"
	if p := currentPrincipal(c); p != nil {
		scope = "user:" + p.User.ID
		if p.Token != nil {
			scope = "token:" + p.Token.ID
		}
	}
	slot := newIdempotencySlot(scope, c.Method(), c.Path(), key)
	bodyHash := requestFingerprint(c)
	ctx := c.UserContext()

	pending, err := slot.seal(answer{Pending: true, BodyHash: bodyHash})
	if err != nil {
		return err
	}
	took, err := i.kv.SetNX(ctx, slot.kvKey, pending, idempotencyPendingTTL)
	if err != nil {
		return fmt.Errorf("idempotency key: %w", err)
	}
	if !took {
		return i.replay(c, slot, bodyHash)
	}
	if err := h(c); err != nil {
		// A refused request created nothing: let the client fix it and retry with the key.
		i.release(c, slot)
		return err
	}
	res := c.Response()
	if res.StatusCode() < 200 || res.StatusCode() > 299 {
		i.release(c, slot)
		return nil
	}
	done, err := slot.seal(answer{BodyHash: bodyHash, Status: res.StatusCode(),
		ContentType: string(res.Header.ContentType()), Body: append([]byte(nil), res.Body()...)})
	if err == nil {
		err = i.kv.Set(ctx, slot.kvKey, done, idempotencyTTL)
	}
	if err != nil {
		// The thing was created; only a retry's protection is lost. Say so, do not fail.
		logger(c, i.log).WarnContext(ctx, "idempotency: answer not kept", "err", err)
	}
	return nil
}

// replay answers a retry from the kept answer.
func (i *idempotency) replay(c *fiber.Ctx, slot idempotencySlot, bodyHash string) error {
	raw, err := i.kv.Get(c.UserContext(), slot.kvKey)
	if errors.Is(err, errs.ErrNotFound) {
		return errIdempotencyInProgress // the first request just ended without an answer; retry
	}
	if err != nil {
		return fmt.Errorf("idempotency key: %w", err)
	}
	a, err := slot.open(raw)
	if err != nil {
		return err
	}
	if a.BodyHash != bodyHash {
		return &problemError{Problem{Status: fiber.StatusUnprocessableEntity, Code: "idempotency_key_reused",
			Detail: "This Idempotency-Key was used with a different request body. Use a new key for a new request."}}
	}
	if a.Pending {
		return errIdempotencyInProgress
	}
	c.Set(headerIdempotentReplayed, "true")
	c.Set(fiber.HeaderCacheControl, "no-store")
	c.Set(fiber.HeaderContentType, a.ContentType)
	return c.Status(a.Status).Send(a.Body)
}

// release frees the key of a request that created nothing.
func (i *idempotency) release(c *fiber.Ctx, slot idempotencySlot) {
	if err := i.kv.Delete(c.UserContext(), slot.kvKey); err != nil {
		logger(c, i.log).WarnContext(c.UserContext(), "idempotency: key not released", "err", err)
	}
}

var errIdempotencyInProgress = &problemError{Problem{Status: fiber.StatusConflict, Code: "idempotency_in_progress",
	Detail: "A request with this Idempotency-Key is still running. Retry in a moment."}}

// requestFingerprint hashes the request body, with a multipart body's boundary taken
// out: a client that sends the same file again picks a new random boundary, and that
// retry is the same request.
func requestFingerprint(c *fiber.Ctx) string {
	body := c.Body()
	if mt, params, err := mime.ParseMediaType(c.Get(fiber.HeaderContentType)); err == nil && strings.HasPrefix(mt, "multipart/") && params["boundary"] != "" {
		body = bytes.ReplaceAll(body, []byte(params["boundary"]), nil)
	}
	sum := sha256.Sum256(body)
	return hex.EncodeToString(sum[:])
}

// validIdempotencyKey takes 1 to 255 printable ASCII characters.
func validIdempotencyKey(key string) bool {
	if len(key) > maxIdempotencyKey {
		return false
	}
	for i := range len(key) {
		if key[i] < 0x21 || key[i] > 0x7e {
			return false
		}
	}
	return true
}

// idempotencySlot is where one key's answer lives in kv and the AES key sealing it. Both
// come from the client's key, the caller and the route, so two callers' equal keys never
// meet, and kv alone cannot open an answer.
type idempotencySlot struct {
	kvKey string
	aead  cipher.AEAD
}

func newIdempotencySlot(scope, method, path, key string) idempotencySlot {
	name := sha256.Sum256([]byte("vouch idempotency slot\x00" + scope + "\x00" + method + "\x00" + path + "\x00" + key))
	secret := sha256.Sum256([]byte("vouch idempotency seal\x00" + scope + "\x00" + method + "\x00" + path + "\x00" + key))
	block, err := aes.NewCipher(secret[:])
	if err != nil {
		panic(err) // a 32-byte key is always valid
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		panic(err)
	}
	return idempotencySlot{kvKey: "idem:" + hex.EncodeToString(name[:]), aead: aead}
}

func (s idempotencySlot) seal(a answer) ([]byte, error) {
	plain, err := json.Marshal(a)
	if err != nil {
		return nil, fmt.Errorf("idempotency answer: %w", err)
	}
	nonce := make([]byte, s.aead.NonceSize())
	_, _ = rand.Read(nonce)
	return s.aead.Seal(nonce, nonce, plain, []byte(s.kvKey)), nil
}

func (s idempotencySlot) open(raw []byte) (answer, error) {
	n := s.aead.NonceSize()
	if len(raw) < n {
		return answer{}, errors.New("idempotency answer: too short")
	}
	plain, err := s.aead.Open(nil, raw[:n], raw[n:], []byte(s.kvKey))
	if err != nil {
		return answer{}, fmt.Errorf("idempotency answer: %w", err)
	}
	var a answer
	if err := json.Unmarshal(plain, &a); err != nil {
		return answer{}, fmt.Errorf("idempotency answer: %w", err)
	}
	return a, nil
}
