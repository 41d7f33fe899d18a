package screening_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vouchhq/vouch/server/internal/platform/errs"
	"github.com/vouchhq/vouch/server/internal/screening"
)

func TestParseRealReleases(t *testing.T) {
	tests := []struct {
		release          string
		entries, orphans int
		firstID          string
		firstName        string
	}{
		{"ofac-2019", 7379, -1, "36", "AEROCARIBBEAN AIRLINES"},
		{"ofac-2021", 8976, -1, "36", "AEROCARIBBEAN AIRLINES"}, // sdn.csv ends with 0x1A
		{"ofac-fixture", 17, -1, "10278", "LOGAN MOREY, Elvis Angus"},
	}
	for _, tt := range tests {
		t.Run(tt.release, func(t *testing.T) {
			list, err := screening.ParseFiles(release(t, tt.release))
			require.NoError(t, err)
			require.Len(t, list.Entries, tt.entries)
			first := list.Entries[0]
			assert.Equal(t, tt.firstID, first.ID)
			assert.Equal(t, tt.firstName, first.Name)
			var alts, adds int
			for _, e := range list.Entries {
				require.NotEmpty(t, e.Name, "entry %s", e.ID)
				require.NotContains(t, e.Name, "-0-")
				alts += len(e.AltNames)
				adds += len(e.Addresses)
			}
			assert.Positive(t, alts)
			assert.Positive(t, adds)
		})
	}
}

func TestParseFields(t *testing.T) {
	list, err := screening.ParseFiles(release(t, "ofac-fixture"))
	require.NoError(t, err)
	byID := map[string]screening.Entry{}
	for _, e := range list.Entries {
		byID[e.ID] = e
	}
	iami := byID["11195"]
	assert.Equal(t, screening.Entity, iami.Type, "-0- type is an organisation")
	assert.Equal(t, []string{"NPWMD", "IFSR", "IRAN-CON-ARMS-EO"}, iami.Programs)
	assert.Len(t, iami.AltNames, 4)
	assert.Equal(t, "aka", iami.AltNames[0].Kind)
	assert.Equal(t, screening.Vessel, byID["40716"].Type)
	assert.Equal(t, screening.Aircraft, byID["20540"].Type)
	assert.Equal(t, screening.Individual, byID["15102"].Type)
	assert.Equal(t, "", byID["15102"].Title, "-0- is empty")
}

func TestParseLatin1(t *testing.T) {
	// OFAC publishes Latin-1: "Müller" as the single byte 0xFC.
	sdn := []byte("1,\"M\xfcLLER, J\xfcrgen\",\"individual\",\"DEMO\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n\x1a")
	entries, err := screening.ParseSDN("sdn.csv", sdn)
	require.NoError(t, err)
	require.Len(t, entries, 1)
	assert.Equal(t, "MüLLER, Jürgen", entries[0].Name)
}

func TestParseRefusesBadInput(t *testing.T) {
	const ok = `1,"A",-0- ,"P",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ` + "\n"
	tests := []struct {
		name     string
		data     string
		wantLine int
		wantMsg  string
	}{
		{"empty file", "", 0, "no entries"},
		{"only the EOF byte", "\x1a", 0, "no entries"},
		{"too few columns", ok + `2,"B","individual"` + "\n", 2, "3 columns, want 12"},
		{"too many columns", ok + ok[:len(ok)-1] + ",x\n", 2, "13 columns, want 12"},
		{"alt.csv given as sdn.csv", `36,12,"aka","AERO-CARIBBEAN",-0- ` + "\n", 1, "5 columns, want 12"},
		{"entry number not a number", `x1,"A",-0- ,"P",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ` + "\n", 1, "not a number"},
		{"missing name", `1,-0- ,-0- ,"P",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ` + "\n", 1, "no name"},
		{"unknown type", `1,"A","robot","P",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ` + "\n", 1, "unknown entry type"},
		{"duplicate entry", ok + ok, 2, "repeats the one on line 1"},
		{"unterminated quote", ok + `2,"B` + "\n", 2, "quote"},
		{"binary junk", ok + "\x00\x01\x02junk", 2, "control"},
		{"EOF byte in the middle", ok + "\x1a" + ok, 2, "control"},
		{"undecodable byte", ok + "2,\"\x81\",x", 2, "undecodable"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := screening.ParseSDN("lists/sdn.csv", []byte(tt.data))
			require.Error(t, err)
			var pe *screening.ParseError
			require.ErrorAs(t, err, &pe)
			assert.Equal(t, "lists/sdn.csv", pe.File)
			assert.Equal(t, tt.wantLine, pe.Line, "%v", err)
			assert.Contains(t, err.Error(), tt.wantMsg)
			assert.True(t, strings.HasPrefix(err.Error(), "lists/sdn.csv"), "the message names the file: %v", err)
			assert.True(t, errors.Is(err, errs.ErrInvalid))
		})
	}
}

func TestParseFilesNamesTheBadFile(t *testing.T) {
	f := release(t, "ofac-fixture")
	f.Add = append([]byte{}, f.Add...)
	f.Add = append(f.Add, []byte("1,2,3\n")...)
	_, err := screening.ParseFiles(f)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "ofac-fixture/add.csv line")
	assert.Contains(t, err.Error(), "3 columns, want 6")

	f = release(t, "ofac-fixture")
	f.Alt = []byte(`1,2,"aka",-0- ,-0- ` + "\n")
	_, err = screening.ParseFiles(f)
	require.ErrorContains(t, err, "ofac-fixture/alt.csv line 1: the alternate name is empty")
}

func TestParseRefusesOversizedFile(t *testing.T) {
	_, err := screening.ParseSDN("sdn.csv", make([]byte, screening.MaxFileSize+1))
	require.ErrorContains(t, err, "sdn.csv: larger than 64 MB")
}

// fuzzSeeds are real and broken lines for the fuzzers to start from.
func fuzzSeeds(f *testing.F, lines ...string) {
	for _, l := range lines {
		f.Add([]byte(l))
	}
	f.Add([]byte{})
	f.Add([]byte("\x1a"))
	f.Add([]byte("\"unterminated"))
	f.Add([]byte("\xff\xfe\x00junk"))
}

func FuzzParseSDN(f *testing.F) {
	fuzzSeeds(f,
		`36,"AEROCARIBBEAN AIRLINES",-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- `+"\r\n",
		`20540,"P-532","aircraft","DPRK3",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"Aircraft; a.k.a. 'X'."`+"\r\n\x1a",
		`1,"M`+"\xfc"+`LLER",individual,"SDGT] [IFSR",-0-,-0-,-0-,-0-,-0-,-0-,-0-,-0-`)
	f.Fuzz(func(t *testing.T, data []byte) {
		entries, err := screening.ParseSDN("sdn.csv", data)
		if err != nil {
			var pe *screening.ParseError
			if !errors.As(err, &pe) || pe.File != "sdn.csv" {
				t.Fatalf("error without file and line: %v", err)
			}
			return
		}
		seen := map[string]bool{}
		for _, e := range entries {
			if e.ID == "" || e.Name == "" || seen[e.ID] || e.Programs == nil {
				t.Fatalf("bad entry %+v", e)
			}
			seen[e.ID] = true
		}
		// Whatever parses must index and search without panicking.
		ix := screening.NewIndex(screening.List{Entries: entries}, screening.Version{})
		for _, e := range entries {
			ix.Search(screening.Subject{Name: e.Name, MinScore: 1})
		}
	})
}

func FuzzParseAlt(f *testing.F) {
	fuzzSeeds(f, `36,12,"aka","AERO-CARIBBEAN",-0- `+"\r\n", `11195,11591,"aka","HESA TRADE CENTER",-0- `)
	f.Fuzz(func(t *testing.T, data []byte) {
		alts, err := screening.ParseAlt("alt.csv", data)
		if err != nil {
			var pe *screening.ParseError
			if !errors.As(err, &pe) || pe.File != "alt.csv" {
				t.Fatalf("error without file and line: %v", err)
			}
			return
		}
		for _, a := range alts {
			if a.EntryID == "" || a.Name == "" {
				t.Fatalf("bad alt %+v", a)
			}
		}
	})
}

func FuzzParseAdd(f *testing.F) {
	fuzzSeeds(f, `36,25,-0- ,"Havana","Cuba",-0- `+"\r\n", `173,129,"Ibex House, The Minories","London EC3N 1DY","United Kingdom",-0- `)
	f.Fuzz(func(t *testing.T, data []byte) {
		adds, err := screening.ParseAdd("add.csv", data)
		if err != nil {
			var pe *screening.ParseError
			if !errors.As(err, &pe) || pe.File != "add.csv" {
				t.Fatalf("error without file and line: %v", err)
			}
			return
		}
		for _, a := range adds {
			if a.EntryID == "" {
				t.Fatalf("bad address %+v", a)
			}
		}
	})
}
