// Package cleansing turns a supplier profile as a person typed it into the values Vouch
// stores: names trimmed and composed, the TIN as 9 digits, a US address in USPS
// Publication 28 form, phones in E.164, e-mail domains and web hosts lowercased. It
// returns what it changed, so the supplier sees (and can undo) every edit, and field
// errors written for a person, so the HTTP layer can answer 422 without rewording them.
//
// It is a domain package without I/O: no database, no HTTP, no DNS. That keeps it
// deterministic, fast enough to run on every keystroke-save, and safe to fuzz; checks
// that need the network (does the domain take mail, does the TIN match the name at the
// IRS) belong to the KYC providers, which run after the profile is submitted.
//
// Every cleanser is idempotent: cleansing a cleansed value changes nothing. Callers rely
// on it to tell "the supplier edited this" from "cleansing touched this", and the fuzz
// tests hold the package to it.
//
// Requiredness is kept to what a draft profile needs (the legal name, and a country for
// any address): a profile is saved many times while a supplier fills it in, and the
// completeness check belongs to KYC submission.
package cleansing
