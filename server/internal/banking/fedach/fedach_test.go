package fedach_test

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/vouchhq/vouch/server/internal/banking/fedach"
	"github.com/vouchhq/vouch/server/internal/banking/fedach/fedachtest"
)

// realFile is the Federal Reserve's directory in the shared test data, read in place.
const realFile = "../../../../../shared/data/fedach/FedACHdir.txt"

func openReal(t testing.TB) *os.File {
	t.Helper()
	f, err := os.Open(realFile)
	if err != nil {
		t.Skipf("real FedACH directory not available: %v", err)
	}
	t.Cleanup(func() { _ = f.Close() })
	return f
}

func TestParseRealDirectory(t *testing.T) {
	dir, err := fedach.Parse(openReal(t))
	if err != nil {
		t.Fatal(err)
	}
	if got := len(dir.Participants); got != 18198 {
		t.Fatalf("parsed %d records, want 18198", got)
	}
	if len(dir.SHA256) != 64 {
		t.Fatalf("hash %q", dir.SHA256)
	}
	byRTN := map[string]fedach.Participant{}
	types := map[fedach.RecordType]int{}
	for _, p := range dir.Participants {
		byRTN[p.RoutingNumber] = p
		types[p.RecordType]++
	}
	if types[fedach.FederalReserveBank] != 41 || types[fedach.SendToCustomer] != 16551 || types[fedach.SendToNewRouting] != 1606 {
		t.Fatalf("record types %v", types)
	}
	boa := byRTN["011000138"]
	want := fedach.Participant{
		RoutingNumber: "011000138", OfficeCode: "O", ServicingFRB: "011000015", RecordType: fedach.SendToCustomer,
		ChangeDate: time.Date(2010, 10, 13, 0, 0, 0, 0, time.UTC), Name: "BANK OF AMERICA, N.A.",
		Address: "8001 VILLA PARK DRIVE", City: "HENRICO", State: "VA", ZIP: "23228", Phone: "8004460135",
		StatusCode: "1", ViewCode: "1",
	}
	if boa != want {
		t.Fatalf("Bank of America record\n got %+v\nwant %+v", boa, want)
	}
	cathay := byRTN["011001962"]
	if cathay.RecordType != fedach.SendToNewRouting || cathay.NewRoutingNumber != "122203950" || cathay.Name != "CATHAY BANK" {
		t.Fatalf("replaced record %+v", cathay)
	}
	if frb := byRTN["011000015"]; frb.RecordType != fedach.FederalReserveBank || frb.ZIP != "30309-4470" {
		t.Fatalf("Federal Reserve record %+v", frb)
	}
	if abroad := byRTN["091050234"]; abroad.State != "" || abroad.City != "CANADA" {
		t.Fatalf("foreign record %+v", abroad)
	}
}

func TestParseSmallFile(t *testing.T) {
	a := fedachtest.Record{RoutingNumber: "011000015", Name: "FEDERAL RESERVE BANK", Type: '0'}
	b := fedachtest.Record{RoutingNumber: "021000021", Name: "JPMORGAN CHASE", City: "TAMPA", State: "FL"}
	c := fedachtest.Record{RoutingNumber: "011001962", Name: "CATHAY BANK", Type: '2', NewRoutingNumber: "122203950"}
	for name, sep := range map[string]string{"crlf": "\r\n", "lf": "\n"} {
		t.Run(name, func(t *testing.T) {
			file := a.Line() + sep + b.Line() + sep + c.Line() + sep + sep
			dir, err := fedach.Parse(strings.NewReader(file))
			if err != nil {
				t.Fatal(err)
			}
			if len(dir.Participants) != 3 || dir.Participants[1].City != "TAMPA" || dir.Participants[2].NewRoutingNumber != "122203950" {
				t.Fatalf("%+v", dir.Participants)
			}
		})
	}
	// The same content gives the same hash; other content another.
	d1, _ := fedach.Parse(strings.NewReader(a.Line() + "\n"))
	d2, _ := fedach.Parse(strings.NewReader(a.Line() + "\n"))
	d3, _ := fedach.Parse(strings.NewReader(b.Line() + "\n"))
	if d1.SHA256 != d2.SHA256 || d1.SHA256 == d3.SHA256 {
		t.Fatal("hash does not identify the content")
	}
}

func TestParseRefusesBadFiles(t *testing.T) {
	good := fedachtest.Record{RoutingNumber: "011000015", Name: "FIRST BANK"}.Line()
	second := fedachtest.Record{RoutingNumber: "021000021", Name: "SECOND BANK"}.Line()
	set := func(line string, col int, s string) string { return line[:col] + s + line[col+len(s):] }
	tests := []struct {
		name  string
		file  string
		line  int
		field string
		kind  error
	}{
		{"empty", "", 0, "", fedach.ErrEmpty},
		{"only blank lines", "\n\r\n", 0, "", fedach.ErrEmpty},
		{"truncated last line", good + "\n" + second[:80], 2, "", fedach.ErrRecord},
		{"line too long", good + "\n" + second + "XXXXX\n", 2, "", fedach.ErrRecord},
		{"garbage far too long", strings.Repeat("x", 5000), 1, "", fedach.ErrRecord},
		{"not printable", set(good, 40, "\x00"), 1, "", fedach.ErrRecord},
		{"latin-1 byte", set(good, 40, "\xe9"), 1, "", fedach.ErrRecord},
		{"bad checksum", set(good, 8, "6"), 1, "routing number", fedach.ErrRecord},
		{"letters in routing", set(good, 0, "01A"), 1, "routing number", fedach.ErrRecord},
		{"office code", set(good, 9, "X"), 1, "office code", fedach.ErrRecord},
		{"servicing frb", set(good, 10, "01100001X"), 1, "servicing FRB number", fedach.ErrRecord},
		{"record type", set(good, 19, "3"), 1, "record type code", fedach.ErrRecord},
		{"change date month 13", set(good, 20, "130115"), 1, "change date", fedach.ErrRecord},
		{"change date blank", set(good, 20, "      "), 1, "change date", fedach.ErrRecord},
		{"new routing without type 2", set(good, 26, "021000021"), 1, "new routing number", fedach.ErrRecord},
		{"type 2 without new routing", set(good, 19, "2"), 1, "new routing number", fedach.ErrRecord},
		{"blank name", set(good, 35, strings.Repeat(" ", 36)), 1, "customer name", fedach.ErrRecord},
		{"state digits", set(good, 127, "1A"), 1, "state code", fedach.ErrRecord},
		{"zip letters", set(good, 129, "ABCDE"), 1, "zip code", fedach.ErrRecord},
		{"phone short", set(good, 138, "12345     "), 1, "telephone number", fedach.ErrRecord},
		{"status", set(good, 148, "X"), 1, "institution status code", fedach.ErrRecord},
		{"filler", set(good, 152, "Z"), 1, "filler", fedach.ErrRecord},
		{"blank line inside", good + "\n\n" + second + "\n", 2, "", fedach.ErrRecord},
		{"duplicate", good + "\n" + second + "\n" + good + "\n", 3, "routing number", fedach.ErrDuplicate},
		{"fpddir format", "011000015FED BOSTON                 BOSTON                   MA Y N Y20190101\n", 1, "", fedach.ErrRecord},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir, err := fedach.Parse(strings.NewReader(tc.file))
			if err == nil {
				t.Fatalf("parsed %d records, want an error", len(dir.Participants))
			}
			if !errors.Is(err, tc.kind) {
				t.Fatalf("error %v, want kind %v", err, tc.kind)
			}
			var le *fedach.LineError
			if tc.line == 0 {
				if errors.As(err, &le) {
					t.Fatalf("error %v names a line", err)
				}
				return
			}
			if !errors.As(err, &le) || le.Line != tc.line || le.Field != tc.field {
				t.Fatalf("error %v, want line %d field %q", err, tc.line, tc.field)
			}
			if !strings.HasPrefix(err.Error(), fmt.Sprintf("line %d: ", tc.line)) {
				t.Fatalf("message %q does not start with the line", err)
			}
		})
	}
}

// TestParseTrimmedFiller admits records whose blank filler a tool trimmed away.
func TestParseTrimmedFiller(t *testing.T) {
	line := strings.TrimRight(fedachtest.Record{RoutingNumber: "011000015", Name: "FIRST BANK"}.Line(), " ")
	if len(line) != 150 {
		t.Fatalf("fixture line is %d long", len(line))
	}
	if _, err := fedach.Parse(strings.NewReader(line + "\n")); err != nil {
		t.Fatal(err)
	}
}

func BenchmarkParse(b *testing.B) {
	data, err := os.ReadFile(realFile)
	if err != nil {
		b.Skip(err)
	}
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := fedach.Parse(bytes.NewReader(data)); err != nil {
			b.Fatal(err)
		}
	}
}

func FuzzParse(f *testing.F) {
	good := fedachtest.Record{RoutingNumber: "011000015", Name: "FIRST BANK"}.Line()
	f.Add(good + "\r\n")
	f.Add(good[:100])
	f.Add(fedachtest.Record{RoutingNumber: "011001962", Name: "CATHAY", Type: '2', NewRoutingNumber: "122203950"}.Line())
	f.Add("")
	f.Fuzz(func(t *testing.T, s string) {
		dir, err := fedach.Parse(strings.NewReader(s))
		if err != nil {
			var le *fedach.LineError
			if !errors.Is(err, fedach.ErrEmpty) && !errors.As(err, &le) {
				t.Fatalf("error without a line: %v", err)
			}
			return
		}
		for _, p := range dir.Participants {
			if len(p.RoutingNumber) != 9 || p.Name == "" {
				t.Fatalf("accepted a bad record %+v", p)
			}
			if (p.RecordType == fedach.SendToNewRouting) != (p.NewRoutingNumber != "") {
				t.Fatalf("replacement inconsistent %+v", p)
			}
		}
	})
}
