package notify

import (
	"embed"
	"fmt"
	htmltemplate "html/template"
	"io/fs"
	"path"
	"slices"
	"strings"
	texttemplate "text/template"
	"time"
)

// The templates Render knows. Each is a pair of files under templates/: name.txt defines
// "subject" and "text", name.html defines "html"; layout.txt and layout.html wrap them.
const (
	TemplatePasswordReset       = "password_reset"        // data: PasswordResetData
	TemplatePasswordChanged     = "password_changed"      // data: PasswordChangedData
	TemplatePasswordResetForced = "password_reset_forced" // data: PasswordResetForcedData
	TemplateWelcome             = "welcome"               // data: WelcomeData
	TemplateTest                = "test"                  // data: TestData
)

// PasswordResetData fills TemplatePasswordReset.
type PasswordResetData struct {
	Name     string        // how to greet the person; may be empty
	ResetURL string        // the single-use link that opens the reset form
	ValidFor time.Duration // how long the link works, 30 minutes in practice
}

// PasswordChangedData fills TemplatePasswordChanged.
type PasswordChangedData struct {
	Name      string    // may be empty
	ChangedAt time.Time // shown in UTC
	ResetURL  string    // where to ask for a reset if the change was not the person's
}

// PasswordResetForcedData fills TemplatePasswordResetForced.
type PasswordResetForcedData struct {
	Name      string // may be empty
	SignInURL string
}

// WelcomeData fills TemplateWelcome.
type WelcomeData struct {
	Name      string // may be empty
	OrgName   string // the person's organization; may be empty
	SignInURL string
}

// TestData fills TemplateTest, the message that checks the mail settings.
type TestData struct {
	SentAt time.Time // shown in UTC
}

//go:embed templates
var templateFS embed.FS

// templateFuncs format values the same way in both bodies.
var templateFuncs = map[string]any{
	"minutes": func(d time.Duration) string {
		if m := int(d.Round(time.Minute) / time.Minute); m != 1 {
			return fmt.Sprintf("%d minutes", m)
		}
		return "1 minute"
	},
	"date": func(t time.Time) string { return t.UTC().Format("2 January 2006 at 15:04 UTC") },
}

// email is one template's parsed pair, each joined with its layout.
type email struct {
	text *texttemplate.Template
	html *htmltemplate.Template
}

// emails holds every template, parsed once from the embedded files: they are part of the
// binary, so a broken one is a bug that must stop the program at start, as a regexp would.
var emails = mustParseEmails()

// page is what the layouts see: the subject, for the HTML title, and the caller's data,
// which they hand to the message's own template.
type page struct {
	Subject string
	Data    any
}

// Render fills template name with data and returns the message's Subject, Text and HTML;
// the caller sets To. Data is the template's XxxData struct; a missing field is an error.
func Render(name string, data any) (Message, error) {
	e, ok := emails[name]
	if !ok {
		return Message{}, fmt.Errorf("notify: unknown template %q", name)
	}
	var b strings.Builder
	if err := e.text.ExecuteTemplate(&b, "subject", data); err != nil {
		return Message{}, fmt.Errorf("notify: render %s subject: %w", name, err)
	}
	// One line, whatever the data held: a subject is a header.
	p := page{Subject: strings.Join(strings.Fields(b.String()), " "), Data: data}
	b.Reset()
	if err := e.text.ExecuteTemplate(&b, "layout", p); err != nil {
		return Message{}, fmt.Errorf("notify: render %s text: %w", name, err)
	}
	text := b.String()
	b.Reset()
	if err := e.html.ExecuteTemplate(&b, "layout", p); err != nil {
		return Message{}, fmt.Errorf("notify: render %s html: %w", name, err)
	}
	return Message{Subject: p.Subject, Text: text, HTML: b.String()}, nil
}

// Templates lists the names Render knows, sorted.
func Templates() []string {
	names := make([]string, 0, len(emails))
	for n := range emails {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

// mustParseEmails parses every name.txt and name.html pair under templates/.
func mustParseEmails() map[string]email {
	files, err := fs.Glob(templateFS, "templates/*.txt")
	if err != nil {
		panic(err)
	}
	out := make(map[string]email, len(files))
	for _, f := range files {
		name := strings.TrimSuffix(path.Base(f), ".txt")
		if name == "layout" {
			continue
		}
		e := email{
			text: texttemplate.Must(texttemplate.New(name).Funcs(templateFuncs).Option("missingkey=error").
				ParseFS(templateFS, "templates/layout.txt", "templates/"+name+".txt")),
			html: htmltemplate.Must(htmltemplate.New(name).Funcs(templateFuncs).Option("missingkey=error").
				ParseFS(templateFS, "templates/layout.html", "templates/"+name+".html")),
		}
		if e.text.Lookup("subject") == nil || e.text.Lookup("text") == nil || e.html.Lookup("html") == nil {
			panic("notify: template " + name + " lacks a subject, text or html block")
		}
		out[name] = e
	}
	return out
}
