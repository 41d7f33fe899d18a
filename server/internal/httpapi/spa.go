package httpapi

import (
	"fmt"
	"io/fs"
	"mime"
	"path"
	"strings"

	"github.com/gofiber/fiber/v2"
)

// asset is one file of the built web UI, held in memory: the whole UI is a few hundred
// kilobytes and reading it once at start keeps the hot path free of file system calls.
type asset struct {
	body        []byte
	contentType string
	cacheCtl    string
}

// spa serves the embedded web UI: files by path, index.html for any other non-API path
// so client-side routes survive a reload.
type spa struct {
	files map[string]asset
	index asset
}

// Hashed build output never changes under its name, so browsers may keep it for a year;
// everything else (index.html, the service worker, the manifest) must be revalidated so
// a deploy reaches users at once.
const (
	cacheImmutable = "public, max-age=31536000, immutable"
	cacheRevalid   = "no-cache"
)

// notBuiltPage is what a developer sees before the web UI has been built.
const notBuiltPage = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Vouch</title></head>
<body><main><h1>Vouch is running</h1><p>The web UI has not been built into this binary.
Run <code>go tool task run</code> (or <code>go tool task build</code>) to build it.
The API is at <a href="/api/v1/openapi.json">/api/v1/openapi.json</a>.</p></main></body></html>`

// newSPA loads every file of dist; a dist without index.html gives the not-built page.
func newSPA(dist fs.FS) (*spa, error) {
	s := &spa{files: map[string]asset{}}
	if dist != nil {
		err := fs.WalkDir(dist, ".", func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() || strings.HasPrefix(d.Name(), ".") {
				return nil
			}
			body, err := fs.ReadFile(dist, p)
			if err != nil {
				return fmt.Errorf("read %s: %w", p, err)
			}
			s.files["/"+p] = asset{body: body, contentType: contentType(p), cacheCtl: cacheControl(p)}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("load web UI: %w", err)
		}
	}
	idx, ok := s.files["/index.html"]
	if !ok {
		idx = asset{body: []byte(notBuiltPage), contentType: "text/html; charset=utf-8", cacheCtl: cacheRevalid}
	}
	s.index = idx
	return s, nil
}

func contentType(p string) string {
	if ct := mime.TypeByExtension(path.Ext(p)); ct != "" {
		return ct
	}
	switch path.Ext(p) {
	case ".webmanifest":
		return "application/manifest+json"
	case ".map":
		return "application/json"
	}
	return "application/octet-stream"
}

func cacheControl(p string) string {
	if strings.HasPrefix(p, "assets/") {
		return cacheImmutable
	}
	return cacheRevalid
}

// handle answers GET and HEAD for any path no other route took.
func (s *spa) handle(c *fiber.Ctx) error {
	p := path.Clean("/" + c.Params("*"))
	a, ok := s.files[p]
	if !ok {
		if strings.HasPrefix(p, "/assets/") || path.Ext(p) != "" && p != "/index.html" {
			// A missing hashed asset or file must not come back as HTML with a 200:
			// a stale tab would run index.html as a script.
			return fiber.ErrNotFound
		}
		a = s.index
	}
	c.Set(fiber.HeaderContentType, a.contentType)
	c.Set(fiber.HeaderCacheControl, a.cacheCtl)
	return c.Send(a.body)
}
