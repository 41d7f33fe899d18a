// Package web holds the built web UI (React, Vite) so the server and the desktop app can
// embed it. The sources live beside this file; `npm run build` writes dist/.
package web

import (
	"embed"
	"io/fs"
)

// dist is embedded with all: so the committed dist/.keep is included; go:embed refuses a
// missing or empty folder, and a clean checkout must compile before anyone runs npm.
//
//go:embed all:dist
var dist embed.FS

// Dist returns the built web UI rooted at dist/ (index.html at its top). Before a build
// it holds only .keep; check Built first.
func Dist() fs.FS {
	sub, err := fs.Sub(dist, "dist")
	if err != nil {
		// fs.Sub fails only on an invalid path name, and "dist" is a constant valid one.
		panic(err)
	}
	return sub
}

// Built reports whether the web UI was built before this binary was compiled, that is
// whether dist/index.html was embedded.
func Built() bool {
	_, err := fs.Stat(dist, "dist/index.html")
	return err == nil
}
