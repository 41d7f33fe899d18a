package routing_test

import (
	"bufio"
	"errors"
	"os"
	"strconv"
	"testing"

	"github.com/vouchhq/vouch/shared/routing"
)

func TestValidate(t *testing.T) {
	tests := []struct {
		name string
		rtn  string
		want error
	}{
		{"federal reserve bank of boston", "011000015", nil},
		{"bank of america", "011000138", nil},
		{"thrift range", "211070175", nil},
		{"government prefix 00 (US Treasury)", "000000518", nil},
		{"all zeros", "000000000", routing.ErrPrefix},
		{"electronic range", "650000007", nil},
		{"travelers cheques", "800000006", nil},
		{"empty", "", routing.ErrLength},
		{"eight digits", "01100001", routing.ErrLength},
		{"ten digits", "0110000150", routing.ErrLength},
		{"leading space", " 01100001", routing.ErrNotDigits},
		{"letter", "01100001A", routing.ErrNotDigits},
		{"inner space", "0110 0001", routing.ErrNotDigits},
		{"sign", "+11000015", routing.ErrNotDigits},
		{"multibyte digit", "01100001５", routing.ErrLength},
		{"prefix 13", "130000005", routing.ErrPrefix},
		{"prefix 20", "200000002", routing.ErrPrefix},
		{"prefix 33", "330000003", routing.ErrPrefix},
		{"prefix 60", "600000006", routing.ErrPrefix},
		{"prefix 73", "730000007", routing.ErrPrefix},
		{"prefix 81", "810000001", routing.ErrPrefix},
		{"prefix 99", "990000009", routing.ErrPrefix},
		{"last digit typo", "011000016", routing.ErrChecksum},
		{"swapped digits", "101000015", routing.ErrChecksum},
		{"bad prefix wins over bad checksum", "990000000", routing.ErrPrefix},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := routing.Validate(tc.rtn)
			if !errors.Is(got, tc.want) || (tc.want == nil) != (got == nil) {
				t.Fatalf("Validate(%q) = %v, want %v", tc.rtn, got, tc.want)
			}
			if routing.Valid(tc.rtn) != (tc.want == nil) {
				t.Fatalf("Valid(%q) disagrees with Validate", tc.rtn)
			}
		})
	}
}

func TestCode(t *testing.T) {
	for err, want := range map[error]string{
		nil: "", routing.ErrLength: "length", routing.ErrNotDigits: "not_digits",
		routing.ErrPrefix: "prefix", routing.ErrChecksum: "checksum", errors.New("other"): "",
	} {
		if got := routing.Code(err); got != want {
			t.Errorf("Code(%v) = %q, want %q", err, got, want)
		}
	}
}

func TestValidPrefix(t *testing.T) {
	valid := map[int]bool{80: true}
	for n := 0; n <= 12; n++ {
		valid[n], valid[n+20], valid[n+60] = true, n > 0, n > 0
	}
	for n := range 100 {
		p := strconv.Itoa(n/10) + strconv.Itoa(n%10)
		if got := routing.ValidPrefix(p); got != valid[n] {
			t.Errorf("ValidPrefix(%q) = %v, want %v", p, got, valid[n])
		}
	}
	for _, p := range []string{"", "1", "123", "a1", "1a"} {
		if routing.ValidPrefix(p) {
			t.Errorf("ValidPrefix(%q) = true", p)
		}
	}
}

func TestCheckDigit(t *testing.T) {
	if got := routing.CheckDigit("01100001"); got != 5 {
		t.Fatalf("CheckDigit(01100001) = %d, want 5", got)
	}
	for _, bad := range []string{"", "0110000", "011000015", "0110000x"} {
		if got := routing.CheckDigit(bad); got != -1 {
			t.Errorf("CheckDigit(%q) = %d, want -1", bad, got)
		}
	}
	// Every first eight digits with a valid prefix completes to exactly one valid number.
	for _, first8 := range []string{"00000001", "12345678", "32199999", "72000001", "80123456"} {
		d := routing.CheckDigit(first8)
		for c := range 10 {
			rtn := first8 + strconv.Itoa(c)
			if routing.Valid(rtn) != (c == d) {
				t.Errorf("%s: Valid = %v, check digit %d", rtn, routing.Valid(rtn), d)
			}
		}
	}
}

func TestNormalize(t *testing.T) {
	for in, want := range map[string]string{
		"0110 0001 5": "011000015", "011-000-015": "011000015", "\t011000015 ": "011000015",
		"01100001A": "01100001A", "": "",
	} {
		if got := routing.Normalize(in); got != want {
			t.Errorf("Normalize(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestRealDirectory holds the rules against every routing number the Federal Reserve
// published in its FedACH directory: all of them must pass.
func TestRealDirectory(t *testing.T) {
	f, err := os.Open("../../../shared/data/fedach/FedACHdir.txt")
	if err != nil {
		t.Skipf("real FedACH directory not available: %v", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	n := 0
	for sc.Scan() {
		line := sc.Text()
		if len(line) < 9 {
			continue
		}
		if err := routing.Validate(line[:9]); err != nil {
			t.Errorf("line %d: %s: %v", n+1, line[:9], err)
		}
		n++
	}
	if n < 18000 {
		t.Fatalf("read %d routing numbers, want the whole directory", n)
	}
}

func FuzzValidate(f *testing.F) {
	for _, s := range []string{"011000015", "", "01100001A", "990000009", "011000016", "0110000150"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		err := routing.Validate(s)
		if err == nil {
			if len(s) != 9 || routing.CheckDigit(s[:8]) != int(s[8]-'0') || !routing.ValidPrefix(s[:2]) {
				t.Fatalf("Validate(%q) accepted an invalid number", s)
			}
			return
		}
		if routing.Code(err) == "" {
			t.Fatalf("Validate(%q) gave an untyped reason %v", s, err)
		}
		if len(s) == 9 && errors.Is(err, routing.ErrLength) {
			t.Fatalf("Validate(%q) said length for nine bytes", s)
		}
	})
}
