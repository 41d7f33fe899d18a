package web

import (
	"io/fs"
	"testing"
)

// A clean checkout embeds only dist/.keep; Dist must expose it at its root, the layout
// the server walks before and after a build.
func TestDistOpensKeep(t *testing.T) {
	f, err := Dist().Open(".keep")
	if err != nil {
		t.Fatalf("Dist().Open(.keep): %v", err)
	}
	if err := f.Close(); err != nil {
		t.Fatalf("close .keep: %v", err)
	}
}

// Built must agree with what Dist holds, whether or not the UI was built first.
func TestBuiltMatchesDist(t *testing.T) {
	_, err := fs.Stat(Dist(), "index.html")
	if got, want := Built(), err == nil; got != want {
		t.Fatalf("Built() = %v, but index.html in Dist(): %v", got, want)
	}
}
