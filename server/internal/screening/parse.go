package screening

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"

	"github.com/vouchhq/vouch/server/internal/platform/errs"
)

// Column counts of OFAC's legacy CSV files (no header row).
const (
	sdnColumns = 12 // ent_num, SDN_Name, SDN_Type, Program, Title, Call_Sign, Vess_type, Tonnage, GRT, Vess_flag, Vess_owner, Remarks
	altColumns = 5  // ent_num, alt_num, alt_type, alt_name, alt_remarks
	addColumns = 6  // ent_num, add_num, address, city/state/postal, country, add_remarks
)

// MaxFileSize bounds one list file: the real sdn.csv is about 2 MB, so 64 MB leaves room
// for growth while refusing a runaway file before it is read into memory.
const MaxFileSize = 64 << 20

// ParseError says which file and line of a list import is wrong, and how.
type ParseError struct {
	File string
	Line int // 1-based; 0 when the problem is the file as a whole
	Msg  string
}

func (e *ParseError) Error() string {
	if e.Line == 0 {
		return fmt.Sprintf("%s: %s", e.File, e.Msg)
	}
	return fmt.Sprintf("%s line %d: %s", e.File, e.Line, e.Msg)
}

// Is makes a ParseError an errs.ErrInvalid, so callers and the HTTP edge treat it as
// bad input.
func (e *ParseError) Is(target error) bool { return target == errs.ErrInvalid }

// Files are the raw bytes of one OFAC release; Alt and Add are optional. The names are
// only for error messages.
type Files struct {
	SDN, Alt, Add             []byte
	SDNName, AltName, AddName string
}

func (f Files) name(which, given string) string {
	if given != "" {
		return given
	}
	return which
}

// ParseFiles parses a whole release: entries from sdn.csv with alt.csv's names and
// add.csv's addresses attached. Nothing is half-parsed: any bad line fails the whole.
func ParseFiles(f Files) (List, error) {
	entries, err := ParseSDN(f.name("sdn.csv", f.SDNName), f.SDN)
	if err != nil {
		return List{}, err
	}
	list := List{Source: SourceOFAC, Entries: entries}
	byID := make(map[string]int, len(entries))
	for i, e := range entries {
		byID[e.ID] = i
	}
	if len(f.Alt) > 0 {
		alts, err := ParseAlt(f.name("alt.csv", f.AltName), f.Alt)
		if err != nil {
			return List{}, err
		}
		for _, a := range alts {
			i, ok := byID[a.EntryID]
			if !ok {
				list.Orphans++
				continue
			}
			list.Entries[i].AltNames = append(list.Entries[i].AltNames, a)
		}
	}
	if len(f.Add) > 0 {
		adds, err := ParseAdd(f.name("add.csv", f.AddName), f.Add)
		if err != nil {
			return List{}, err
		}
		for _, a := range adds {
			i, ok := byID[a.EntryID]
			if !ok {
				list.Orphans++
				continue
			}
			list.Entries[i].Addresses = append(list.Entries[i].Addresses, a)
		}
	}
	return list, nil
}

// ParseSDN parses sdn.csv. Every row needs an entry number and a name; entry numbers are
// unique.
func ParseSDN(file string, data []byte) ([]Entry, error) {
	var out []Entry
	seen := map[string]int{}
	err := readRecords(file, data, sdnColumns, func(line int, rec []string) error {
		id, err := entryNumber(rec[0])
		if err != nil {
			return err
		}
		if prev, dup := seen[id]; dup {
			return fmt.Errorf("entry %s repeats the one on line %d", id, prev)
		}
		seen[id] = line
		name := field(rec[1])
		if name == "" {
			return errors.New("the entry has no name")
		}
		typ, err := entryType(field(rec[2]))
		if err != nil {
			return err
		}
		out = append(out, Entry{
			ID: id, Name: name, Type: typ, Programs: programs(field(rec[3])),
			Title: field(rec[4]), Remarks: field(rec[11]),
		})
		return nil
	})
	if err == nil && len(out) == 0 {
		return nil, &ParseError{File: file, Msg: "no entries: is this sdn.csv?"}
	}
	return out, err
}

// ParseAlt parses alt.csv.
func ParseAlt(file string, data []byte) ([]AltName, error) {
	var out []AltName
	err := readRecords(file, data, altColumns, func(_ int, rec []string) error {
		id, err := entryNumber(rec[0])
		if err != nil {
			return err
		}
		name := field(rec[3])
		if name == "" {
			return errors.New("the alternate name is empty")
		}
		out = append(out, AltName{EntryID: id, ID: field(rec[1]), Kind: strings.ToLower(field(rec[2])), Name: name, Remarks: field(rec[4])})
		return nil
	})
	return out, err
}

// ParseAdd parses add.csv.
func ParseAdd(file string, data []byte) ([]Address, error) {
	var out []Address
	err := readRecords(file, data, addColumns, func(_ int, rec []string) error {
		id, err := entryNumber(rec[0])
		if err != nil {
			return err
		}
		out = append(out, Address{EntryID: id, ID: field(rec[1]), Street: field(rec[2]), City: field(rec[3]), Country: field(rec[4]), Remarks: field(rec[5])})
		return nil
	})
	return out, err
}

// readRecords decodes data (UTF-8, or Latin-1/Windows-1252 as OFAC publishes), then calls
// fn for every record of exactly want columns. An error from fn is reported with the line.
func readRecords(file string, data []byte, want int, fn func(line int, rec []string) error) error {
	text, err := decode(file, data)
	if err != nil {
		return err
	}
	r := csv.NewReader(strings.NewReader(text))
	r.FieldsPerRecord = -1 // checked below, for a clearer message than encoding/csv's
	r.ReuseRecord = true
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return &ParseError{File: file, Line: pe.Line, Msg: pe.Err.Error()}
			}
			return &ParseError{File: file, Msg: err.Error()}
		}
		line, _ := r.FieldPos(0)
		if len(rec) != want {
			return &ParseError{File: file, Line: line, Msg: fmt.Sprintf("%d columns, want %d", len(rec), want)}
		}
		if err := fn(line, rec); err != nil {
			return &ParseError{File: file, Line: line, Msg: err.Error()}
		}
	}
}

// decode returns data as UTF-8 text without OFAC's DOS end-of-file byte. Bytes that are
// not UTF-8 are read as Windows-1252 (a superset of the Latin-1 OFAC uses); control
// characters and bytes no encoding defines are refused, naming the line.
func decode(file string, data []byte) (string, error) {
	if len(data) > MaxFileSize {
		return "", &ParseError{File: file, Msg: fmt.Sprintf("larger than %d MB", MaxFileSize>>20)}
	}
	data = bytes.TrimRight(data, "\x1a\r\n\t ")
	if !utf8.Valid(data) {
		dec, err := charmap.Windows1252.NewDecoder().Bytes(data)
		if err != nil {
			return "", &ParseError{File: file, Msg: "not text in UTF-8 or Latin-1"}
		}
		data = dec
	}
	text := string(data)
	line := 1
	for _, r := range text {
		switch {
		case r == '\n':
			line++
		case r == '\r' || r == '\t':
		case r == utf8.RuneError || unicode.IsControl(r):
			return "", &ParseError{File: file, Line: line, Msg: fmt.Sprintf("control or undecodable character %U: not a list file", r)}
		}
	}
	return text, nil
}

// field trims a value and turns OFAC's "-0-" (empty) into "".
func field(s string) string {
	s = strings.TrimSpace(s)
	if s == "-0-" {
		return ""
	}
	return s
}

// entryNumber checks an ent_num: digits only, so junk rows fail early.
func entryNumber(s string) (string, error) {
	s = field(s)
	if s == "" || len(s) > 12 {
		return "", fmt.Errorf("entry number %q is not a number", s)
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return "", fmt.Errorf("entry number %q is not a number", s)
		}
	}
	return s, nil
}

func entryType(s string) (EntityType, error) {
	switch strings.ToLower(s) {
	case "":
		return Entity, nil
	case "individual":
		return Individual, nil
	case "vessel":
		return Vessel, nil
	case "aircraft":
		return Aircraft, nil
	}
	return "", fmt.Errorf("unknown entry type %q", s)
}

// programs splits OFAC's program column: "SDGT] [IFSR" lists two programs.
func programs(s string) []string {
	if s == "" {
		return []string{}
	}
	parts := strings.Split(s, "] [")
	out := parts[:0]
	for _, p := range parts {
		if p = strings.Trim(strings.TrimSpace(p), "[]"); p != "" {
			out = append(out, p)
		}
	}
	return out
}
