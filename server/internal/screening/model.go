// Package screening screens names against sanctions lists (OFAC's SDN list first). It
// parses OFAC's published CSV files, keeps each imported list as a numbered version in the
// database, and answers queries from an in-memory index that is swapped atomically when a
// newer version appears, so readers never wait for an import. It knows nothing of HTTP.
package screening

import "time"

// EntityType says what a list entry is. OFAC's sdn.csv leaves it empty ("-0-") for
// organisations; this package calls those "entity".
type EntityType string

// The entry types OFAC uses, plus Unknown for a query that does not say.
const (
	Individual EntityType = "individual"
	Entity     EntityType = "entity"
	Vessel     EntityType = "vessel"
	Aircraft   EntityType = "aircraft"
	Unknown    EntityType = ""
)

// person reports whether t names a natural person; vessels and aircraft count with
// entities, since a supplier that is not a person is an organisation.
func (t EntityType) person() bool { return t == Individual }

// Entry is one record of sdn.csv with its alternate names and addresses attached.
type Entry struct {
	ID        string     `json:"entity_id"` // OFAC's ent_num, kept as text
	Name      string     `json:"name"`
	Type      EntityType `json:"type"`
	Programs  []string   `json:"programs"`
	Title     string     `json:"title,omitempty"`
	Remarks   string     `json:"remarks,omitempty"`
	AltNames  []AltName  `json:"alt_names,omitempty"`
	Addresses []Address  `json:"addresses,omitempty"`
}

// AltName is one record of alt.csv: another name the entry is known by.
type AltName struct {
	EntryID string `json:"-"`
	ID      string `json:"id"`
	Kind    string `json:"kind"` // aka, fka, nka
	Name    string `json:"name"`
	Remarks string `json:"remarks,omitempty"`
}

// Address is one record of add.csv.
type Address struct {
	EntryID string `json:"-"`
	ID      string `json:"id"`
	Street  string `json:"street,omitempty"`
	City    string `json:"city,omitempty"` // city, state/province and postal code, as OFAC writes them
	Country string `json:"country,omitempty"`
	Remarks string `json:"remarks,omitempty"`
}

// List is a parsed sanctions list ready to be indexed.
type List struct {
	Source  string // "ofac_sdn" or "demo": the list hits name
	Entries []Entry
	// Orphans counts alt.csv and add.csv rows naming an entry sdn.csv does not have;
	// OFAC's own files contain a few, so they are counted and skipped, not fatal.
	Orphans int
}

// Version describes one imported list: what the evidence of a screening points at.
type Version struct {
	ID          string    `json:"id"`
	Number      int64     `json:"number"`
	Source      string    `json:"source"`
	ContentHash string    `json:"content_hash"` // sha256 of the three files, hex
	Entries     int       `json:"entries"`
	AltNames    int       `json:"alt_names"`
	Addresses   int       `json:"addresses"`
	ImportedBy  string    `json:"imported_by,omitempty"`
	ImportedAt  time.Time `json:"imported_at"`
}

// Hit is one list entry that matched a query, with why.
type Hit struct {
	List        string     `json:"list"`
	EntityID    string     `json:"entity_id"`
	Name        string     `json:"name"`         // the entry's primary name
	Score       int        `json:"score"`        // 0–100
	MatchedName string     `json:"matched_name"` // the primary or alternate name that scored best
	Type        EntityType `json:"type"`
	Programs    []string   `json:"programs"`
	Reasons     []string   `json:"reasons"`
	// EntryHash fingerprints the list entry as it stood (names, type, programs, remarks,
	// addresses): a reviewer's clearance of this hit holds only while it is unchanged.
	EntryHash string `json:"entry_hash"`
}

// Subject is what is screened: a name and, when known, whether it is a person. Supplier
// screening will pass legal name, DBA and principals as separate subjects.
type Subject struct {
	Name string
	Type EntityType // Individual, Entity or Unknown
	// MinScore is the lowest score reported; 0 means DefaultMinScore.
	MinScore int
	// Limit caps the hits returned, best first; 0 means DefaultLimit.
	Limit int
}

// Result is a screening with its evidence: which list version answered, what was asked
// (as given and as normalised), and every hit with its score and reasons.
type Result struct {
	Version    Version   `json:"list_version"`
	Query      string    `json:"query"`
	Normalized string    `json:"normalized_query"`
	MinScore   int       `json:"min_score"`
	Hits       []Hit     `json:"hits"`
	ScreenedAt time.Time `json:"screened_at"`
}

// Scoring defaults.
const (
	// DefaultMinScore is the score from which a hit is reported when the caller does not
	// say; calibrated on the OFAC corpus (see the decision record 0021).
	DefaultMinScore = 85
	// DefaultLimit caps the hits of one screening.
	DefaultLimit = 20
	// MaxNameLength bounds a screened name, in characters.
	MaxNameLength = 200
)

// List sources, as hits name them.
const (
	// SourceOFAC is OFAC's Specially Designated Nationals list.
	SourceOFAC = "ofac_sdn"
	// SourceDemo is the small invented list `vouch seed demo` loads.
	SourceDemo = "demo"
)
