package identity

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/vouchhq/vouch/server/internal/notify"
	"github.com/vouchhq/vouch/server/internal/platform/db"
	"github.com/vouchhq/vouch/server/internal/platform/errs"
	"github.com/vouchhq/vouch/server/internal/platform/kv"
)

// Device authorization grant (RFC 8628) for the desktop app, whose webview cannot do
// WebAuthn: the desktop asks for a code pair, the person approves the short user code in a
// signed-in browser, and the desktop's poll then receives a device token exactly once.
const (
	DeviceCodeTTL      = 10 * time.Minute // how long a request waits for approval
	DevicePollInterval = 5 * time.Second  // the fastest a desktop may poll
)

// DeviceScopes are what a device token carries. Later issues add the supplier scopes the
// desktop needs here (new constants in token.go, listed in knownScopes); devices connected
// before keep theirs, so people reconnect to gain new ones.
var DeviceScopes = []string{ScopeProfile}

// userCodeAlphabet has no vowels (no words) and no look-alikes (0/O, 1/I/L, 5/S, 2/Z).
const userCodeAlphabet = "BCDFGHJKMNPQRTVWXY"

// Device flow states.
const (
	devicePending  = "pending"
	deviceApproved = "approved"
	deviceDenied   = "denied"
)

// Device flow problems, with the codes of RFC 8628 where it has one.
var (
	ErrAuthorizationPending = &errs.Coded{Kind: errs.ErrConflict, Code: "authorization_pending", Detail: "The request waits for the person to approve it."}
	ErrSlowDown             = &errs.Coded{Kind: errs.ErrConflict, Code: "slow_down", Detail: "Poll at most once every 5 seconds."}
	ErrExpiredToken         = &errs.Coded{Kind: errs.ErrInvalid, Code: "expired_token", Detail: "This device code has expired or was used; start again."}
	ErrAccessDenied         = &errs.Coded{Kind: errs.ErrForbidden, Code: "access_denied", Detail: "The person denied this device."}
	ErrDeviceCodeNotFound   = &errs.Coded{Kind: errs.ErrNotFound, Code: "device_code_not_found", Detail: "No pending device has this code. Check it, or start again on the device."}
	ErrDeviceDecided        = &errs.Coded{Kind: errs.ErrConflict, Code: "device_decided", Detail: "This device was already approved or denied."}
	errDeviceNotFound       = &errs.Coded{Kind: errs.ErrNotFound, Code: "device_not_found", Detail: "No such device."}
)

// DeviceAuthorization is what the desktop gets to start the flow.
type DeviceAuthorization struct {
	DeviceCode string
	UserCode   string
	ExpiresIn  time.Duration
	Interval   time.Duration
}

// DeviceRequest is a pending request as the approving person sees it.
type DeviceRequest struct {
	UserCode   string    `json:"user_code"`
	DeviceName string    `json:"device_name"`
	IP         string    `json:"ip"`
	CreatedAt  time.Time `json:"created_at"`
	ExpiresAt  time.Time `json:"expires_at"`
	Status     string    `json:"status"`
}

// DeviceGrant is what the desktop receives once approved.
type DeviceGrant struct {
	Token    string
	Scopes   []string
	DeviceID string
}

// deviceState is what kv keeps under the hash of the device code. It never holds a token:
// approval records the decision, and the token is minted when the device collects it.
type deviceState struct {
	UserCode   string    `json:"user_code"`
	DeviceName string    `json:"device_name"`
	IP         string    `json:"ip"`
	CreatedAt  time.Time `json:"created_at"`
	ExpiresAt  time.Time `json:"expires_at"`
	Status     string    `json:"status"`
	UserID     string    `json:"user_id,omitempty"`
	ApprovedBy Actor     `json:"approved_by"`
}

func (st deviceState) request() DeviceRequest {
	return DeviceRequest{UserCode: st.UserCode, DeviceName: st.DeviceName, IP: st.IP, CreatedAt: st.CreatedAt, ExpiresAt: st.ExpiresAt, Status: st.Status}
}

// Devices runs the device authorization grant on kv and issues device tokens.
type Devices struct {
	svc *Service
	kv  kv.Store
	now func() time.Time
}

// NewDevices builds the device flow.
func NewDevices(svc *Service, store kv.Store) *Devices {
	return &Devices{svc: svc, kv: store, now: time.Now}
}

func sha(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

func deviceKey(deviceCode string) string { return "device:code:" + sha(deviceCode) }
func userCodeKey(userCode string) string { return "device:user:" + sha(userCode) }
func pollKey(deviceCode string) string   { return "device:poll:" + sha(deviceCode) }

// Authorize starts a request for a device called name, asked from ip.
func (d *Devices) Authorize(ctx context.Context, name, ip string) (DeviceAuthorization, error) {
	name = strings.TrimSpace(name)
	if name == "" || len([]rune(name)) > 100 {
		return DeviceAuthorization{}, errs.FieldErrors{}.Add("device_name", "is required, at most 100 characters")
	}
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return DeviceAuthorization{}, fmt.Errorf("device code: %w", err)
	}
	deviceCode := base64.RawURLEncoding.EncodeToString(raw)
	now := db.NormalizeTime(d.now())
	st := deviceState{DeviceName: name, IP: ip, CreatedAt: now, ExpiresAt: now.Add(DeviceCodeTTL), Status: devicePending}
	// A user code collision is rare (18^8); SetNX makes it safe, retry a few times.
	for range 5 {
		st.UserCode = newUserCode()
		ok, err := d.kv.SetNX(ctx, userCodeKey(st.UserCode), []byte(sha(deviceCode)), DeviceCodeTTL)
		if err != nil {
			return DeviceAuthorization{}, fmt.Errorf("store user code: %w", err)
		}
		if ok {
			b, _ := json.Marshal(st)
			if err := d.kv.Set(ctx, deviceKey(deviceCode), b, DeviceCodeTTL); err != nil {
				return DeviceAuthorization{}, fmt.Errorf("store device code: %w", err)
			}
			return DeviceAuthorization{DeviceCode: deviceCode, UserCode: st.UserCode, ExpiresIn: DeviceCodeTTL, Interval: DevicePollInterval}, nil
		}
	}
	return DeviceAuthorization{}, errors.New("device authorize: no free user code")
}

// newUserCode returns "ABCD-EFGH" from userCodeAlphabet.
func newUserCode() string {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	out := make([]byte, 0, 9)
	for i, c := range b {
		if i == 4 {
			out = append(out, '-')
		}
		// 256 = 14*18 + 4: the bias towards the first 4 letters is under 0.5%, harmless here.
		out = append(out, userCodeAlphabet[int(c)%len(userCodeAlphabet)])
	}
	return string(out)
}

// NormalizeUserCode accepts what a person types ("bcdf ghjk", "BCDFGHJK") and returns
// "BCDF-GHJK", or "" when it cannot be a user code.
func NormalizeUserCode(s string) string {
	var letters []byte
	for _, r := range strings.ToUpper(s) {
		switch {
		case r == '-' || r == ' ':
		case r < 128 && strings.IndexByte(userCodeAlphabet, byte(r)) >= 0:
			letters = append(letters, byte(r))
		default:
			return ""
		}
	}
	if len(letters) != 8 {
		return ""
	}
	return string(letters[:4]) + "-" + string(letters[4:])
}

// lookup finds the state for a user code.
func (d *Devices) lookup(ctx context.Context, userCode string) (string, deviceState, error) {
	code := NormalizeUserCode(userCode)
	if code == "" {
		return "", deviceState{}, ErrDeviceCodeNotFound
	}
	ref, err := d.kv.Get(ctx, userCodeKey(code))
	if errors.Is(err, errs.ErrNotFound) {
		return "", deviceState{}, ErrDeviceCodeNotFound
	}
	if err != nil {
		return "", deviceState{}, fmt.Errorf("device lookup: %w", err)
	}
	key := "device:code:" + string(ref)
	st, err := d.load(ctx, key)
	if errors.Is(err, errs.ErrNotFound) {
		return "", deviceState{}, ErrDeviceCodeNotFound
	}
	return key, st, err
}

func (d *Devices) load(ctx context.Context, key string) (deviceState, error) {
	b, err := d.kv.Get(ctx, key)
	if err != nil {
		return deviceState{}, err
	}
	var st deviceState
	if err := json.Unmarshal(b, &st); err != nil {
		return deviceState{}, fmt.Errorf("decode device state: %w", err)
	}
	return st, nil
}

func (d *Devices) save(ctx context.Context, key string, st deviceState) error {
	ttl := st.ExpiresAt.Sub(d.now())
	if ttl <= 0 {
		return ErrDeviceCodeNotFound
	}
	b, _ := json.Marshal(st)
	if err := d.kv.Set(ctx, key, b, ttl); err != nil {
		return fmt.Errorf("store device state: %w", err)
	}
	return nil
}

// Pending shows a request to the person about to approve it.
func (d *Devices) Pending(ctx context.Context, userCode string) (DeviceRequest, error) {
	_, st, err := d.lookup(ctx, userCode)
	if err != nil {
		return DeviceRequest{}, err
	}
	return st.request(), nil
}

// Approve records the person's yes: the device's next poll collects a device token for
// u. The approval is audited and the person e-mailed that a device was connected.
func (d *Devices) Approve(ctx context.Context, actor Actor, u User, userCode string) error {
	key, st, err := d.decide(ctx, userCode)
	if err != nil {
		return err
	}
	st.Status, st.UserID, st.ApprovedBy = deviceApproved, u.ID, actor
	if err := d.save(ctx, key, st); err != nil {
		return err
	}
	ev := actor.event("device.approved", "user", u.ID, u.PrimaryOrg())
	ev.Details = map[string]any{"device_name": st.DeviceName, "device_ip": st.IP}
	if _, err := d.svc.audit.Record(ctx, ev); err != nil {
		return fmt.Errorf("approve device: %w", err)
	}
	d.svc.send(ctx, u.Email, notify.TemplateDeviceConnected, notify.DeviceConnectedData{
		Name: u.Name, DeviceName: st.DeviceName, IP: st.IP, ConnectedAt: d.now(), DevicesURL: d.svc.publicURL + "/account",
	})
	return nil
}

// decide loads a pending request and claims the one decision it may get, so two tabs
// cannot both approve (or one approve while the other denies).
func (d *Devices) decide(ctx context.Context, userCode string) (string, deviceState, error) {
	key, st, err := d.lookup(ctx, userCode)
	if err != nil {
		return "", deviceState{}, err
	}
	if st.Status != devicePending {
		return "", deviceState{}, ErrDeviceDecided
	}
	ok, err := d.kv.SetNX(ctx, key+":decided", []byte("1"), DeviceCodeTTL)
	if err != nil {
		return "", deviceState{}, fmt.Errorf("decide device: %w", err)
	}
	if !ok {
		return "", deviceState{}, ErrDeviceDecided
	}
	return key, st, nil
}

// Deny refuses the request; the device's next poll gets access_denied.
func (d *Devices) Deny(ctx context.Context, actor Actor, u User, userCode string) error {
	key, st, err := d.decide(ctx, userCode)
	if err != nil {
		return err
	}
	st.Status, st.UserID = deviceDenied, u.ID
	if err := d.save(ctx, key, st); err != nil {
		return err
	}
	ev := actor.event("device.denied", "user", u.ID, u.PrimaryOrg())
	ev.Details = map[string]any{"device_name": st.DeviceName, "device_ip": st.IP}
	if _, err := d.svc.audit.Record(ctx, ev); err != nil {
		return fmt.Errorf("deny device: %w", err)
	}
	return nil
}

// Poll is the device asking whether it was approved. It answers the grant exactly once.
func (d *Devices) Poll(ctx context.Context, deviceCode string) (DeviceGrant, error) {
	if len(deviceCode) != 43 {
		return DeviceGrant{}, ErrExpiredToken
	}
	key := deviceKey(deviceCode)
	st, err := d.load(ctx, key)
	if errors.Is(err, errs.ErrNotFound) {
		return DeviceGrant{}, ErrExpiredToken
	}
	if err != nil {
		return DeviceGrant{}, fmt.Errorf("device poll: %w", err)
	}
	if ok, err := d.kv.SetNX(ctx, pollKey(deviceCode), []byte("1"), DevicePollInterval); err != nil {
		return DeviceGrant{}, fmt.Errorf("device poll: %w", err)
	} else if !ok {
		return DeviceGrant{}, ErrSlowDown
	}
	switch st.Status {
	case devicePending:
		return DeviceGrant{}, ErrAuthorizationPending
	case deviceDenied:
		_ = d.kv.Delete(ctx, key, userCodeKey(st.UserCode))
		return DeviceGrant{}, ErrAccessDenied
	}
	// Approved: take the state atomically, so two racing polls cannot both get the token.
	b, err := d.kv.GetDel(ctx, key)
	if errors.Is(err, errs.ErrNotFound) {
		return DeviceGrant{}, ErrExpiredToken
	}
	if err != nil {
		return DeviceGrant{}, fmt.Errorf("device poll: %w", err)
	}
	_ = d.kv.Delete(ctx, userCodeKey(st.UserCode))
	if err := json.Unmarshal(b, &st); err != nil {
		return DeviceGrant{}, fmt.Errorf("decode device state: %w", err)
	}
	u, err := d.svc.store.GetUser(ctx, st.UserID)
	if err != nil {
		return DeviceGrant{}, fmt.Errorf("device poll: %w", err)
	}
	if u.Status != StatusActive {
		return DeviceGrant{}, ErrAccessDenied
	}
	t, secret, err := d.svc.IssueToken(ctx, st.ApprovedBy, u, TokenDevice, st.DeviceName, DeviceScopes)
	if err != nil {
		return DeviceGrant{}, fmt.Errorf("device poll: %w", err)
	}
	return DeviceGrant{Token: secret, Scopes: t.Scopes, DeviceID: t.ID}, nil
}
