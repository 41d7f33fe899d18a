package kv

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/vouchhq/vouch/server/internal/platform/errs"
)

// openPingTimeout bounds the first ping, so a server pointed at a black-holed Redis
// fails its start instead of hanging in it.
const openPingTimeout = 5 * time.Second

// urlHint is appended to URL errors to say what is accepted.
const urlHint = "want redis://[user:password@]host:port[/db], rediss://… for TLS, or empty for the in-process store"

// Open returns the Store that rawURL names and checks that it answers:
//
//   - "" is the in-process Memory store;
//   - redis://host:port/db (rediss:// for TLS) is one Redis server;
//   - two or more addresses, comma-separated (redis://h1:6379,h2:6379) or as addr=
//     parameters, or cluster=true with one seed, is a Redis Cluster;
//   - master_name=<name> makes the addresses Sentinels of that master.
//
// Other query parameters are go-redis's (dial_timeout, pool_size, …; see redis.ParseURL).
// Keys go under the "vouch:" prefix. If Redis does not answer, the error wraps
// errs.ErrUnavailable and names "redis at host:port"; no error ever contains the password.
func Open(ctx context.Context, rawURL string) (Store, error) {
	if strings.TrimSpace(rawURL) == "" {
		return NewMemory(), nil
	}
	client, where, err := NewRedisClient(rawURL)
	if err != nil {
		return nil, err
	}
	pingCtx, cancel := context.WithTimeout(ctx, openPingTimeout)
	defer cancel()
	if err := client.Ping(pingCtx).Err(); err != nil {
		_ = client.Close()
		return nil, fmt.Errorf("kv: ping %s: %w: %w", where, errs.ErrUnavailable, err)
	}
	return NewRedis(client, defaultPrefix), nil
}

// NewRedisClient builds (without connecting) the go-redis client rawURL describes, and a
// description of it for errors and logs ("redis at host:port").
func NewRedisClient(rawURL string) (redis.UniversalClient, string, error) {
	u, addrs, cluster, err := parseRedisURL(strings.TrimSpace(rawURL))
	if err != nil {
		return nil, "", err
	}
	var (
		client redis.UniversalClient
		where  string
	)
	switch master := u.Query().Get("master_name"); {
	case master != "":
		opt, perr := redis.ParseFailoverURL(u.String())
		err = perr
		if err == nil {
			client = redis.NewFailoverClient(opt)
			where = fmt.Sprintf("redis sentinel at %s (master %s)", strings.Join(addrs, ","), master)
		}
	case cluster || len(addrs) > 1:
		opt, perr := redis.ParseClusterURL(u.String())
		err = perr
		if err == nil {
			client = redis.NewClusterClient(opt)
			where = "redis cluster at " + strings.Join(addrs, ",")
		}
	default:
		opt, perr := redis.ParseURL(u.String())
		err = perr
		if err == nil {
			client = redis.NewClient(opt)
			where = "redis at " + opt.Addr
		}
	}
	if err != nil {
		// go-redis's parse errors name options and values, never the userinfo.
		return nil, "", fmt.Errorf("kv url: %w: %w (%s)", errs.ErrInvalid, err, urlHint)
	}
	return client, where, nil
}

// parseRedisURL checks the scheme and parses rawURL, moving every address after the first
// of a comma-separated host list into addr= parameters (where go-redis expects them;
// url.Parse would take the list for one host). It returns the URL for go-redis, every
// address, and whether cluster=true was asked for (a parameter of ours, removed).
func parseRedisURL(rawURL string) (*url.URL, []string, bool, error) {
	scheme, rest, ok := strings.Cut(rawURL, "://")
	if !ok {
		return nil, nil, false, fmt.Errorf("kv url: missing scheme: %w (%s)", errs.ErrInvalid, urlHint)
	}
	if s := strings.ToLower(scheme); s != "redis" && s != "rediss" {
		return nil, nil, false, fmt.Errorf("kv url: unsupported scheme %q: %w (%s)", scheme, errs.ErrInvalid, urlHint)
	}
	authority, tail := rest, ""
	if i := strings.IndexAny(rest, "/?#"); i >= 0 {
		authority, tail = rest[:i], rest[i:]
	}
	userinfo, hosts := "", authority
	if i := strings.LastIndexByte(authority, '@'); i >= 0 {
		userinfo, hosts = authority[:i+1], authority[i+1:]
	}
	hostList := strings.Split(hosts, ",")
	u, err := url.Parse(strings.ToLower(scheme) + "://" + userinfo + hostList[0] + tail)
	if err != nil {
		// url.Error repeats the whole URL, password included; keep only its reason.
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return nil, nil, false, fmt.Errorf("kv url: %w: %w (%s)", errs.ErrInvalid, err, urlHint)
	}
	q := u.Query()
	for _, h := range hostList[1:] {
		if h = strings.TrimSpace(h); h != "" {
			q.Add("addr", h)
		}
	}
	cluster := false
	if v := q.Get("cluster"); v != "" {
		if cluster, err = strconv.ParseBool(v); err != nil {
			return nil, nil, false, fmt.Errorf("kv url: cluster=%q is not a boolean: %w (%s)", v, errs.ErrInvalid, urlHint)
		}
		q.Del("cluster")
	}
	u.RawQuery = q.Encode()
	host, port := u.Hostname(), u.Port()
	if host == "" {
		host = "localhost"
	}
	if port == "" {
		port = "6379"
	}
	addrs := append([]string{net.JoinHostPort(host, port)}, q["addr"]...)
	return u, addrs, cluster, nil
}
