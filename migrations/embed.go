// Package migrations embeds the forward-only SQL migrations, one folder per dialect. The
// platform/db package runs them with goose's Provider; a schema change ships as a new
// numbered file in both folders, never as an edit to an applied one.
package migrations

import (
	"embed"
	"io/fs"
)

//go:embed postgres/*.sql
var postgresFiles embed.FS

//go:embed sqlite/*.sql
var sqliteFiles embed.FS

// Postgres holds the PostgreSQL migrations at its root (00001_identity.sql, …).
var Postgres fs.FS = mustSub(postgresFiles, "postgres")

// SQLite holds the SQLite migrations at its root (00001_identity.sql, …).
var SQLite fs.FS = mustSub(sqliteFiles, "sqlite")

// mustSub roots an embedded tree at dir; the directory is fixed at compile time, so a
// failure is a programming error.
func mustSub(fsys fs.FS, dir string) fs.FS {
	sub, err := fs.Sub(fsys, dir)
	if err != nil {
		panic("migrations: " + err.Error())
	}
	return sub
}
