// Package ownermatch tells whether the owner of record a bank-verification provider
// returns for an account is the supplier adding it. It compares that name with the
// supplier's legal name, its DBA and the account holder name the supplier typed, and
// answers with a verdict, a score from 0 to 100, the name that matched best and reasons
// in plain words a reviewer can act on.
//
// Names are compared after normalising both sides the way bank records and supplier
// forms differ in practice: case, accents, punctuation, "&" for "AND", a leading
// "THE", corporate suffixes ("ACME LLC" is "ACME, L.L.C." is "Acme"), common
// abbreviations ("INTL" is "INTERNATIONAL") and the "X DBA Y" form banks use for sole
// proprietors. What is left is scored token by token with Jaro-Winkler, so word order,
// typos and a missing middle initial cost little while a different name costs all.
//
// The package is pure: no I/O, no clock, no state. Reasons quote the owner of record,
// which is the bank's data about somebody's account, so they are for reviewers;
// PublicReasons say the same without the name, for the supplier, who may have typed
// someone else's account number and must not learn whose it is from a no_match.
package ownermatch
