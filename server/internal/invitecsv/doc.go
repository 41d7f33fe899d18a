// Package invitecsv reads the CSV file a customer admin uploads to invite suppliers in
// bulk: a header row naming the columns email and supplier_name (in any order, any case,
// among other columns that are ignored), then up to 50,000 rows, one invitation each.
//
// It is a domain package: no HTTP, no SQL. Parse streams the file (it never holds more
// than one row, the e-mails seen so far and the errors), hands each valid row to a
// callback as it goes, so the caller can insert and report progress, and returns a
// Summary with per-row errors. Problems with the file as a whole (too large, too many
// rows, not UTF-8, no header, a missing column, broken CSV quoting) end the parse with a
// *FileError carrying a stable Code, which the HTTP edge sends as the problem code.
//
// The format is deliberately narrow, so a file means one thing: UTF-8 only (a UTF-8 BOM
// is skipped, UTF-16 is refused with a hint to save as "CSV UTF-8"), commas only (a file
// separated by ';', as Excel writes in some locales, is refused with a hint rather than
// guessed at), CRLF or LF line ends.
package invitecsv
