package accounts

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/vouchhq/vouch/server/internal/banking/ownermatch"
	"github.com/vouchhq/vouch/server/internal/banking/verify"
	"github.com/vouchhq/vouch/server/internal/platform/db"
)

// verdict is one verification before it is stored.
type verdict struct {
	method        string // instant, micro_deposits, manual
	provider      string
	providerRef   string
	accountStatus string
	ownerMatch    string
	ownerScore    int
	reasons       []string
	rawCodes      map[string]string
	rawSHA256     string
	status        Status
}

// statusWords explains an account status in plain language.
var statusWords = map[verify.Status]string{
	verify.StatusOpen:           "The bank reports this account open.",
	verify.StatusClosed:         "The bank reports this account closed: payments to it would come back.",
	verify.StatusClosedForCause: "The bank closed this account for cause. It cannot be used, and your customers have been alerted.",
	verify.StatusFrozen:         "The bank reports this account frozen: it cannot receive payments now.",
	verify.StatusNotFound:       "The bank has no account with this number. Check the number on a statement.",
	verify.StatusUnknown:        "The bank's answer was not one we know; a customer's admin will review the account.",
}

// judge turns a provider's answer into a verdict: only an open account whose owner of
// record matches the supplier is verified (decision 0024).
func judge(ans verify.Answer, legal, dba, holder string) verdict {
	v := verdict{method: "instant", provider: ans.Provider, providerRef: ans.ProviderRef, accountStatus: string(ans.AccountStatus),
		ownerMatch: string(ownermatch.Unknown), rawCodes: ans.RawCodes, rawSHA256: ans.RawSHA256}
	if w, ok := statusWords[ans.AccountStatus]; ok {
		v.reasons = append(v.reasons, w)
	} else {
		v.accountStatus = string(verify.StatusUnknown)
		v.reasons = append(v.reasons, statusWords[verify.StatusUnknown])
	}
	switch verify.Status(v.accountStatus) {
	case verify.StatusOpen:
	case verify.StatusUnknown:
		v.status = StatusReview
		return v
	default:
		v.status = StatusFailed
		return v
	}
	m := ownermatch.Compare(ans.OwnerOfRecord, ownermatch.Candidates{LegalName: legal, DBA: dba, HolderName: holder})
	v.ownerMatch, v.ownerScore = string(m.Verdict), m.Score
	// The public reasons never quote the bank's name for the owner: whoever typed the
	// number must not learn whose account it is.
	v.reasons = append(v.reasons, m.PublicReasons...)
	switch m.Verdict {
	case ownermatch.Match:
		v.status = StatusVerified
	case ownermatch.NoMatch:
		v.status = StatusFailed
	default: // partial, unknown
		v.status = StatusReview
		v.reasons = append(v.reasons, "A customer's admin will confirm the owner before the account is used.")
	}
	return v
}

// microDepositVerdict is the verdict when no provider answered in time.
func microDepositVerdict(provider string) verdict {
	return verdict{method: "micro_deposits", provider: provider, accountStatus: string(verify.StatusUnknown),
		ownerMatch: string(ownermatch.Unknown), status: StatusMicroDeposits,
		reasons: []string{"The bank did not answer in time, so we will send two small deposits (under $1 each) to this account " +
			"in the next one or two business days. Enter their amounts here to finish."}}
}

// storeVerification keeps one verification as history; decidedBy is set for manual ones.
func (s *Service) storeVerification(ctx context.Context, accountID string, v verdict, decidedBy string) (Verification, error) {
	reasons, err := json.Marshal(nonNil(v.reasons))
	if err != nil {
		return Verification{}, fmt.Errorf("encode reasons: %w", err)
	}
	codes := v.rawCodes
	if codes == nil {
		codes = map[string]string{}
	}
	raw, err := json.Marshal(codes)
	if err != nil {
		return Verification{}, fmt.Errorf("encode raw codes: %w", err)
	}
	out := Verification{ID: db.NewID("bvr"), Method: v.method, Provider: v.provider, ProviderRef: v.providerRef,
		AccountStatus: v.accountStatus, OwnerMatch: v.ownerMatch, OwnerScore: v.ownerScore, CheckedAt: s.timestamp(),
		Reasons: nonNil(v.reasons), RawSHA256: v.rawSHA256}
	_, err = s.d.DB.Exec(ctx, `INSERT INTO bank_verifications (id, bank_account_id, method, provider, provider_ref, account_status,
		owner_match, owner_score, reasons, raw_codes, raw_sha256, decided_by, checked_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		out.ID, accountID, out.Method, out.Provider, out.ProviderRef, out.AccountStatus, out.OwnerMatch, out.OwnerScore,
		string(reasons), string(raw), out.RawSHA256, db.NullIfEmpty(decidedBy), out.CheckedAt)
	if err != nil {
		return Verification{}, fmt.Errorf("store verification: %w", err)
	}
	return out, nil
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
