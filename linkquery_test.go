package ghapp_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ghapp-dev/ghapp"
)

// The parsers of token, install and redirect links, each as a function of
// the query (for the links, the page's link up to its "?").
var queryParsers = []struct {
	name  string
	parse func(query string) error
}{
	{"ParseFineGrainedTokenURL", func(q string) error {
		_, _, err := ghapp.ParseFineGrainedTokenURL("https://github.com/settings/personal-access-tokens/new?" + q)
		return err
	}},
	{"ParseClassicTokenURL", func(q string) error {
		_, _, err := ghapp.ParseClassicTokenURL("https://github.com/settings/tokens/new?" + q)
		return err
	}},
	{"ParseInstallURL", func(q string) error {
		_, _, err := ghapp.ParseInstallURL("https://github.com/apps/octoapp/installations/new?" + q)
		return err
	}},
	{"ParseSetupRedirect", func(q string) error {
		_, err := ghapp.ParseSetupRedirect(q)
		return err
	}},
}

// TestLinkProblemsBounded: a query of many problems of one kind gives the
// first twenty and a count of the rest, and no field or message holds more
// than a bounded part of the input, for every parser of a link's query.
func TestLinkProblemsBounded(t *testing.T) {
	long := strings.Repeat("k", 512<<10)
	queries := []struct {
		name  string
		query string
		want  int // problems, the count included; 0: no more than 21
	}{
		{"unknown parameters", repeatTo(1<<20, "&", "colour%d=blue"), 21},
		{"unknown permissions", repeatTo(1<<20, "&", "contnets%d=read"), 21},
		{"bad escapes", repeatTo(1<<20, "&", "k%d=%%zz"), 21},
		{"raw semicolons", repeatTo(1<<20, "&", "k%d=a;b"), 21},
		{"duplicates", repeatTo(1<<20, "&", "name=a&scopes=b&state=c&installation_id=1&setup_action=install"), 0},
		{"scopes repeated", repeatTo(1<<20, "&", "scopes=repo%d"), 0},
		{"long duplicate keys", long + "=read&" + long + "=read", 0},
		{"long values", "contents=" + long + "&expires_in=" + long + "&state=" + long + "&installation_id=" + long + "&scopes=" + long, 0},
	}
	for _, p := range queryParsers {
		for _, q := range queries {
			t.Run(p.name+"/"+q.name, func(t *testing.T) {
				err := p.parse(q.query)
				fes := fieldErrors(err)
				if p.name == "ParseSetupRedirect" && strings.HasPrefix(q.name, "unknown") {
					// Kept in Other, as the setup URL's own; the
					// redirect names no installation.
					if diff := cmp.Diff([]string{": ErrRequired"}, problems(err)); diff != "" {
						t.Errorf("problems (-want +got):\n%s", diff)
					}
					return
				}
				if len(fes) == 0 {
					t.Fatalf("no problems: %v", err)
				}
				if other := notFieldErrors(err); other != nil {
					t.Errorf("problems that are not *FieldErrors: %d", len(other))
				}
				if q.want != 0 && len(fes) != q.want || len(fes) > 5*21 {
					t.Errorf("%d problems, want %d", len(fes), q.want)
				}
				for _, fe := range fes {
					if len(fe.Field) > 100 {
						t.Errorf("a field of %d bytes: %.40q...", len(fe.Field), fe.Field)
					}
					if n := len(fe.Error()); n > 400 {
						t.Errorf("a message of %d bytes: %.80q...", n, fe.Error())
					}
				}
				if n := len(err.Error()); n > 16<<10 {
					t.Errorf("an error of %d bytes", n)
				}
			})
		}
	}
}

// TestLinkMalformedBounded: a link that does not parse is quoted cut, even
// where the URL parser's own message holds the whole of a part of it.
func TestLinkMalformedBounded(t *testing.T) {
	port := strings.Repeat("9x", 512<<10)
	for _, tt := range []struct {
		name  string
		parse func() error
	}{
		{"ParseFineGrainedTokenURL", func() error {
			_, _, err := ghapp.ParseFineGrainedTokenURL("https://github.com:" + port + "/settings/personal-access-tokens/new")
			return err
		}},
		{"ParseClassicTokenURL", func() error {
			_, _, err := ghapp.ParseClassicTokenURL("https://github.com:" + port + "/settings/tokens/new")
			return err
		}},
		{"ParseInstallURL", func() error {
			_, _, err := ghapp.ParseInstallURL("https://github.com:" + port + "/apps/octoapp/installations/new")
			return err
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.parse()
			if !errors.Is(err, ghapp.ErrMalformed) {
				t.Fatalf("error %v, want ErrMalformed", err)
			}
			if n := len(err.Error()); n > 200 {
				t.Errorf("an error of %d bytes", n)
			}
		})
	}
}

// TestLinkRawSemicolon: a raw ";" is refused as ParseRegistrationURL
// refuses it, naming the parameter and asking for %3B; %3B reads as ";".
func TestLinkRawSemicolon(t *testing.T) {
	const want = `a raw ";" separates parameters for some readers and not for others; write it as %3B`
	_, _, err := ghapp.ParseRegistrationURL("https://github.com/settings/apps/new?name=a;b")
	var fe *ghapp.FieldError
	if !errors.As(err, &fe) || fe.Err.Error() != want {
		t.Fatalf("ParseRegistrationURL: %v; the message is not the one this test wants, %q", err, want)
	}

	tests := []struct {
		name  string
		parse func(query string) error
		field string
		read  func(query string) (string, error) // the value of field read back
	}{
		{"ParseFineGrainedTokenURL", queryParsers[0].parse, "name", func(q string) (string, error) {
			r, _, err := ghapp.ParseFineGrainedTokenURL("https://github.com/settings/personal-access-tokens/new?" + q)
			return r.Name, err
		}},
		{"ParseClassicTokenURL", queryParsers[1].parse, "description", func(q string) (string, error) {
			r, _, err := ghapp.ParseClassicTokenURL("https://github.com/settings/tokens/new?" + q)
			return r.Description, err
		}},
		{"ParseInstallURL", queryParsers[2].parse, "state", func(q string) (string, error) {
			r, _, err := ghapp.ParseInstallURL("https://github.com/apps/octoapp/installations/new?" + q)
			return r.State, err
		}},
		{"ParseSetupRedirect", queryParsers[3].parse, "state", func(q string) (string, error) {
			r, err := ghapp.ParseSetupRedirect("installation_id=1&" + q)
			return r.State, err
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, q := range []struct{ query, field string }{
				{tt.field + "=a;b", tt.field},
				{tt.field + "=a%3Bb;", tt.field},
				{tt.field + ";x=a", tt.field + ";x"}, // the key as it stands
			} {
				err := tt.parse(q.query)
				if diff := cmp.Diff([]string{q.field + ": ErrMalformed"}, problems(err)); diff != "" {
					t.Errorf("%s: problems (-want +got):\n%s", q.query, diff)
					continue
				}
				if got := err.Error(); got != "ghapp: "+q.field+": "+want {
					t.Errorf("%s: message %q", q.query, got)
				}
			}
			got, err := tt.read(tt.field + "=a%3Bb")
			if err != nil || got != "a;b" {
				t.Errorf("%s=a%%3Bb: %q, %v; want \"a;b\"", tt.field, got, err)
			}
		})
	}
	// A code's value stays out of the message.
	_, err = ghapp.ParseSetupRedirect("code=secret;value")
	if err == nil || strings.Contains(err.Error(), "secret") || !errors.Is(err, ghapp.ErrMalformed) {
		t.Errorf("code=secret;value: %v", err)
	}
}

// TestLinkManyProblemsCounted: past twenty problems of one kind, the count
// says how many more.
func TestLinkManyProblemsCounted(t *testing.T) {
	for _, p := range queryParsers {
		t.Run(p.name, func(t *testing.T) {
			query := repeatTo(3000, "&", "k%d=%%zz")
			fes := fieldErrors(p.parse(query))
			if len(fes) != 21 {
				t.Fatalf("%d problems, want 21", len(fes))
			}
			n := strings.Count(query, "&") + 1
			if want := fmt.Sprintf("%d more problems of this kind", n-20); !strings.Contains(fes[20].Error(), want) {
				t.Errorf("last problem %q, want it to say %q", fes[20].Error(), want)
			}
		})
	}
}
