package db

import (
	"context"
	"database/sql"
)

// Get runs a query written with '?' placeholders that returns one row and scans it into
// dest, in the transaction carried by ctx if any. No row gives an error wrapping
// errs.ErrNotFound; see Exec for the other error kinds.
func (d *DB) Get(ctx context.Context, dest any, query string, args ...any) error {
	return classify(d.Q(ctx).GetContext(ctx, dest, d.Rebind(query), args...))
}

// Select runs a query written with '?' placeholders and scans every row into the slice
// dest points to; no rows leaves it empty without error.
func (d *DB) Select(ctx context.Context, dest any, query string, args ...any) error {
	return classify(d.Q(ctx).SelectContext(ctx, dest, d.Rebind(query), args...))
}

// Exec runs a statement written with '?' placeholders. A unique violation gives an error
// wrapping errs.ErrConflict; a backend that does not answer gives errs.ErrUnavailable.
func (d *DB) Exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	res, err := d.Q(ctx).ExecContext(ctx, d.Rebind(query), args...)
	return res, classify(err)
}

// Classify wraps an error from a query run through Q directly with the errs kind it
// amounts to (not found, conflict, unavailable), as Get, Select and Exec do.
func Classify(err error) error { return classify(err) }
