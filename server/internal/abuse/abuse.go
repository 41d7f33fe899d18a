// Package abuse blocks client addresses that trip the rate limits again and again, and
// tells the platform admins. Counters and blocks live in kv, so every instance sees them;
// blocks are audited and e-mailed once per block, not once per request.
package abuse

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/netip"
	"slices"
	"strings"
	"time"

	"github.com/vouchhq/vouch/server/internal/audit"
	"github.com/vouchhq/vouch/server/internal/identity"
	"github.com/vouchhq/vouch/server/internal/jobs/mailjob"
	"github.com/vouchhq/vouch/server/internal/notify"
	"github.com/vouchhq/vouch/server/internal/platform/errs"
	"github.com/vouchhq/vouch/server/internal/platform/kv"
)

// Defaults: 5 rate-limit denials within 15 minutes block an address for 30 minutes. One
// denial is a person typing fast; five in a quarter hour is a script that ignores
// Retry-After.
const (
	DefaultTrips    = 5
	DefaultWindow   = 15 * time.Minute
	DefaultBlockFor = 30 * time.Minute
)

// ErrNotBlocked answers a lift of an address that is not blocked.
var ErrNotBlocked = &errs.Coded{Kind: errs.ErrNotFound, Code: "ip_block_not_found", Detail: "This address is not blocked."}

// Config tunes the guard; zero fields take the defaults.
type Config struct {
	Trips    int           // denials that block
	Window   time.Duration // within how long (a fixed window from the first denial)
	BlockFor time.Duration // how long a block lasts
	// Exempt addresses are never blocked: the trusted proxies, whose address a request
	// carries only when it did not come through them with a client address. Loopback is
	// always exempt: in development every browser is 127.0.0.1, and in production a
	// loopback client means a local proxy that is not configured as trusted, where one
	// block would shut everybody out.
	Exempt []netip.Prefix
}

// Deps are what a Guard is built from.
type Deps struct {
	KV    kv.Store
	Audit *audit.Log
	Users *identity.Store // whom to tell: the platform admins
	// Outbox delivers the notices as jobs: a slow or down relay delays them instead of
	// holding the request that tripped the block.
	Outbox    *mailjob.Outbox
	PublicURL string
	Log       *slog.Logger
	Config    Config
}

// Guard counts denials, blocks addresses and lifts blocks.
type Guard struct {
	kv        kv.Store
	audit     *audit.Log
	users     *identity.Store
	outbox    *mailjob.Outbox
	publicURL string
	log       *slog.Logger
	cfg       Config
	now       func() time.Time
}

// New builds a Guard.
func New(d Deps) *Guard {
	if d.Config.Trips <= 0 {
		d.Config.Trips = DefaultTrips
	}
	if d.Config.Window <= 0 {
		d.Config.Window = DefaultWindow
	}
	if d.Config.BlockFor <= 0 {
		d.Config.BlockFor = DefaultBlockFor
	}
	if d.Log == nil {
		d.Log = slog.New(slog.DiscardHandler)
	}
	return &Guard{kv: d.KV, audit: d.Audit, users: d.Users, outbox: d.Outbox,
		publicURL: strings.TrimSuffix(d.PublicURL, "/"), log: d.Log, cfg: d.Config, now: time.Now}
}

// Block is one blocked address.
type Block struct {
	IP        string    `json:"ip"`
	Trips     int       `json:"trips"`
	Rule      string    `json:"rule"` // the limit whose denial completed the count
	BlockedAt time.Time `json:"blocked_at"`
	Until     time.Time `json:"until"`
}

// kv keys. The index set lets staff list blocks without scanning keys.
const (
	keyTrips = "abuse:trips:"
	keyBlock = "abuse:block:"
	keyIndex = "abuse:blocks"
)

// exempt reports whether ip must never be blocked.
func (g *Guard) exempt(ip netip.Addr) bool {
	if !ip.IsValid() || ip.IsLoopback() || ip.IsUnspecified() {
		return true
	}
	return slices.ContainsFunc(g.cfg.Exempt, func(p netip.Prefix) bool { return p.Contains(ip) })
}

// Blocked returns the block on ip, if any. A kv outage fails open (with a warning): the
// rate limits behind it still fail closed, and a block list must not turn a kv blip into
// an outage of every route.
func (g *Guard) Blocked(ctx context.Context, ip netip.Addr) (Block, bool) {
	if g.exempt(ip) {
		return Block{}, false
	}
	b, err := g.get(ctx, ip.Unmap().String())
	if err != nil {
		if !errors.Is(err, errs.ErrNotFound) {
			g.log.WarnContext(ctx, "ip block check failed; letting the request through", "err", err)
		}
		return Block{}, false
	}
	return b, true
}

func (g *Guard) get(ctx context.Context, ip string) (Block, error) {
	raw, err := g.kv.Get(ctx, keyBlock+ip)
	if err != nil {
		return Block{}, err
	}
	var b Block
	if err := json.Unmarshal(raw, &b); err != nil {
		return Block{}, fmt.Errorf("decode ip block: %w", err)
	}
	return b, nil
}

// Trip counts one rate-limit denial of ip under rule; the denial that completes the count
// blocks the address. Only the request that creates the block audits it and tells the
// admins, however many instances race. Errors are logged, not returned: the caller is
// answering 429 already.
func (g *Guard) Trip(ctx context.Context, ip netip.Addr, rule string) {
	if g.exempt(ip) {
		return
	}
	addr := ip.Unmap().String()
	n, err := g.kv.Incr(ctx, keyTrips+addr, 1, g.cfg.Window)
	if err != nil {
		g.log.WarnContext(ctx, "rate-limit trip not counted", "err", err)
		return
	}
	if n < int64(g.cfg.Trips) {
		return
	}
	now := g.now().UTC().Truncate(time.Second)
	b := Block{IP: addr, Trips: int(n), Rule: rule, BlockedAt: now, Until: now.Add(g.cfg.BlockFor)}
	raw, _ := json.Marshal(b)
	created, err := g.kv.SetNX(ctx, keyBlock+addr, raw, g.cfg.BlockFor)
	if err != nil {
		g.log.WarnContext(ctx, "ip block not stored", "err", err)
		return
	}
	if !created {
		return
	}
	// The count starts afresh once the block ends.
	_ = g.kv.Delete(ctx, keyTrips+addr)
	if err := g.kv.SAdd(ctx, keyIndex, 0, addr); err != nil {
		g.log.WarnContext(ctx, "ip block not indexed", "err", err)
	}
	ev := audit.Event{Action: "ip.blocked", TargetType: "ip", TargetID: addr, IP: addr,
		Details: map[string]any{"trips": b.Trips, "rule": rule, "until": b.Until.Format(time.RFC3339)}}
	if _, err := g.audit.Record(ctx, ev); err != nil {
		g.log.ErrorContext(ctx, "ip block not audited", "err", err)
	}
	g.log.WarnContext(ctx, "address blocked after repeated rate-limit denials", "ip", addr, "trips", b.Trips, "until", b.Until)
	g.notify(ctx, b)
}

// notify e-mails every platform admin about a new block.
func (g *Guard) notify(ctx context.Context, b Block) {
	if g.outbox == nil { // a Guard built for a test or a command without jobs
		g.log.WarnContext(ctx, "ip block notification not sent: no outbox", "ip", b.IP)
		return
	}
	admins, err := g.users.ActiveUsersWithRoles(ctx, identity.RolePlatformAdmin)
	if err != nil {
		g.log.WarnContext(ctx, "ip block notification not sent", "err", err)
		return
	}
	for _, a := range admins {
		msg, err := notify.Render(notify.TemplateIPBlocked, notify.IPBlockedData{
			Name: a.Name, IP: b.IP, Trips: b.Trips, Window: g.cfg.Window, BlockedUntil: b.Until,
			BlocksURL: g.publicURL + "/admin/ip-blocks",
		})
		if err == nil {
			msg.To = a.Email
			_, err = g.outbox.Send(context.WithoutCancel(ctx), mailjob.Mail{Message: msg, Template: notify.TemplateIPBlocked})
		}
		if err != nil {
			g.log.WarnContext(ctx, "ip block notification not sent", "err", err)
		}
	}
}

// List returns the current blocks, soonest to end first.
func (g *Guard) List(ctx context.Context) ([]Block, error) {
	ips, err := g.kv.SMembers(ctx, keyIndex)
	if err != nil {
		return nil, fmt.Errorf("list ip blocks: %w", err)
	}
	out := []Block{}
	for _, ip := range ips {
		b, err := g.get(ctx, ip)
		switch {
		case errors.Is(err, errs.ErrNotFound):
			_ = g.kv.SRem(ctx, keyIndex, ip) // expired on its own
		case err != nil:
			return nil, fmt.Errorf("list ip blocks: %w", err)
		default:
			out = append(out, b)
		}
	}
	slices.SortFunc(out, func(a, b Block) int {
		if c := a.Until.Compare(b.Until); c != 0 {
			return c
		}
		return strings.Compare(a.IP, b.IP)
	})
	return out, nil
}

// Lift ends the block on ip at once (and forgets its denials), audited with the actor's
// reason. An address that is not blocked is ErrNotBlocked.
func (g *Guard) Lift(ctx context.Context, actor identity.Actor, ip netip.Addr) error {
	addr := ip.Unmap().String()
	_, err := g.kv.GetDel(ctx, keyBlock+addr)
	if errors.Is(err, errs.ErrNotFound) {
		return ErrNotBlocked
	}
	if err != nil {
		return fmt.Errorf("lift ip block: %w", err)
	}
	if err := g.kv.Delete(ctx, keyTrips+addr); err != nil {
		return fmt.Errorf("lift ip block: %w", err)
	}
	if err := g.kv.SRem(ctx, keyIndex, addr); err != nil {
		return fmt.Errorf("lift ip block: %w", err)
	}
	if _, err := g.audit.Record(ctx, actor.Event("ip.unblocked", "ip", addr, "")); err != nil {
		return fmt.Errorf("lift ip block: %w", err)
	}
	return nil
}
