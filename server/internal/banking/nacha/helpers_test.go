package nacha_test

import (
	"time"

	"github.com/vouchhq/vouch/server/internal/banking/nacha"
)

// Routing numbers that pass the ABA checksum.
const (
	odfi  = "011000015" // the operator's bank
	chase = "021000021"
	wells = "121000248"
	bofa  = "026009593"
)

// settings are deterministic: a fixed clock, a fixed file ID modifier and first trace.
func settings() nacha.Settings {
	return nacha.Settings{
		ODFI:            odfi,
		DestinationName: "Federal Reserve Bank",
		Origin:          "1234567890",
		OriginName:      "Vouch Inc",
		CompanyName:     "Vouch",
		CompanyID:       "1234567890",
		ReferenceCode:   "MD000001",
		CreatedAt:       time.Date(2025, 3, 14, 9, 26, 53, 0, time.FixedZone("EST", -5*3600)),
		EffectiveDate:   time.Date(2025, 3, 17, 0, 0, 0, 0, time.UTC),
		IDModifier:      'B',
		FirstTrace:      41,
	}
}

// microCredits are two suppliers' pairs of micro-deposits: a business and a sole
// proprietor, interleaved as a queue would hand them over.
func microCredits() []nacha.Credit {
	return []nacha.Credit{
		{RoutingNumber: chase, AccountNumber: "000123456789", AccountType: nacha.Checking, Business: true, Name: "Acme Widgets, LLC", ID: "BA-7F3K2Q", Amount: 32},
		{RoutingNumber: wells, AccountNumber: "98765432", AccountType: nacha.Savings, Name: "José Müller-Smith", ID: "BA-9X1L0P", Amount: 7},
		{RoutingNumber: chase, AccountNumber: "000123456789", AccountType: nacha.Checking, Business: true, Name: "Acme Widgets, LLC", ID: "BA-7F3K2Q", Amount: 45},
		{RoutingNumber: wells, AccountNumber: "98765432", AccountType: nacha.Savings, Name: "José Müller-Smith", ID: "BA-9X1L0P", Amount: 91},
	}
}
