// Package verify asks a bank, through an instant account-verification vendor, whether an
// account is open and whose it is, so a supplier's new account can be trusted at once
// instead of after a round of micro-deposits (STYLE item 13: providers as strategies).
//
// Every vendor sits behind Provider; New picks one per deployment from Config:
//
//   - Sandbox (the default) answers from the account number's last four digits, after a
//     realistic random delay, with no network at all:
//
//     0000 not_found · 1111 closed · 2222 closed_for_cause · 3333 frozen ·
//     4444 open, owner of record "JOHN DOE HOLDINGS LLC" (an owner mismatch) ·
//     9999 no answer (ErrNoAnswer once the context or Sandbox.Timeout runs out) ·
//     anything else open, owned by the request's LegalName (HolderName when empty).
//
//   - HTTP talks to a real vendor over the schema below, with per-attempt and overall
//     timeouts, retries, a circuit breaker and a cap on the response size.
//
// # Errors
//
// Callers branch on two sentinels, both of which are also errs.ErrUnavailable so that
// one leaking to the HTTP edge becomes a 503, never a 500 with vendor text:
//
//   - ErrNoAnswer: the vendor did not answer in time (timeouts, network errors, 5xx and
//     429 after the retries ran out, an open circuit). Nothing is known about the
//     account; fall back to micro-deposits.
//   - ErrBadAnswer: the vendor answered, but not with a verdict we can use (a 4xx, a
//     redirect, a body that is not the schema, a body over the size limit). These are
//     not retried: the same request would get the same answer, and a vendor that
//     misbehaves should be looked at, not hammered. Fall back to micro-deposits too, but
//     the distinct error lets operators alert on it.
//
// A Request that fails Request.Validate is an errs.ErrInvalid and never leaves the process.
//
// The account number leaves the process only in the vendor request body. It is a
// vault.Secret everywhere else, and no error or log line built here contains it: text that
// comes from the vendor (JSON decoding errors) has its digit runs scrubbed before it is
// wrapped, since a vendor may echo what it was sent.
//
// # Vendor schema (HTTP)
//
// POST <URL>/v1/account-verifications, Content-Type application/json, with an
// Idempotency-Key header that stays the same across the retries of one Verify call (so a
// vendor that bills per check bills once):
//
//	{"routing_number": "021000021", "account_number": "…", "account_type": "checking",
//	 "name": "<HolderName, or LegalName when empty>", "alt_names": ["<LegalName>", "<DBA>"]}
//
// A 2xx answer must be application/json, at most MaxResponseBytes, with exactly these
// fields (unknown fields are refused, so a schema change is noticed, not half-read):
//
//	{"reference": "vnd_123", "status": "OPEN", "owner_name": "ACME LLC",
//	 "codes": {"any": "string"}}
//
// mapped to Answer as: reference → ProviderRef (required); status OPEN, CLOSED,
// CLOSED_FOR_CAUSE, FROZEN, NOT_FOUND → open, closed, closed_for_cause, frozen, not_found,
// any other non-empty status → unknown (kept in RawCodes["vendor_status"]); owner_name →
// OwnerOfRecord (null or absent → ""); codes → RawCodes; the SHA-256 of the body as
// received → RawSHA256.
//
// # Settings
//
// Config's fields carry the names of the environment variables that fill them; reading
// the environment is package config's job. The provider choice is VOUCH_BANK_PROVIDER,
// the name the API contract already uses; the vendor settings are VOUCH_VERIFY_*.
package verify
