package ghapp_test

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"encoding/xml"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"text/template"
	"time"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/ghapp-dev/ghapp"
)

func testCredentials(t testing.TB) *ghapp.AppCredentials {
	pemKey := pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(rsaKey(t))})
	return &ghapp.AppCredentials{
		ID: 42, Slug: "octoapp", Name: "Octo App", HTMLURL: "https://github.com/apps/octoapp", ClientID: "Iv1.client",
		Owner:        ghapp.Account{Login: "octo", Type: "Organization"},
		ClientSecret: ghapp.NewSecret("client-secret-value"), WebhookSecret: ghapp.NewSecret("webhook-secret-value"), PEM: ghapp.NewSecret(string(pemKey)),
		Permissions: ghapp.Permissions{ghapp.PermissionIssues: ghapp.LevelWrite},
		CreatedAt:   time.Date(2017, 7, 8, 20, 18, 44, 0, time.UTC),
	}
}

// holder keeps credentials where fmt cannot call their methods.
type holder struct {
	creds  ghapp.AppCredentials
	ptr    *ghapp.AppCredentials
	secret ghapp.Secret
	list   []ghapp.Secret
}

func TestAppCredentialsNeverPrintSecrets(t *testing.T) {
	c := testCredentials(t)
	secrets := []string{c.ClientSecret.Reveal(), c.WebhookSecret.Reveal(), "PRIVATE KEY", c.PEM.Reveal()[40:80]}
	h := holder{creds: *c, ptr: c, secret: c.ClientSecret, list: []ghapp.Secret{c.PEM}}
	var outputs []string
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%d", "%p", "%T %v", "%10.3s", "%-8q", "%U", "%t", "%e"} {
		args := func(v any) []any {
			if verb == "%T %v" {
				return []any{v, v}
			}
			return []any{v}
		}
		for _, v := range []any{c, *c, []ghapp.AppCredentials{*c}, struct{ C *ghapp.AppCredentials }{c}, h, &h,
			c.PEM, &c.PEM, []ghapp.Secret{c.ClientSecret}, map[string]ghapp.Secret{"k": c.WebhookSecret}, struct{ S ghapp.Secret }{c.PEM}} {
			outputs = append(outputs, fmt.Sprintf(verb, args(v)...))
		}
	}
	outputs = append(outputs, fmt.Sprint(c), fmt.Sprintln(*c), c.String(), c.GoString(), c.PEM.String(), c.PEM.GoString())
	for _, v := range []any{c, *c, []ghapp.AppCredentials{*c}, map[string]any{"c": c}, c.PEM, map[ghapp.Secret]int{c.PEM: 1}} {
		data, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		outputs = append(outputs, string(data))
	}
	data, _ := json.Marshal(c)
	if !strings.Contains(string(data), `"client_secret":"[redacted]"`) || !strings.Contains(string(data), `"client_id":"Iv1.client"`) {
		t.Errorf("JSON lacks the public fields or the redaction mark: %s", data)
	}
	type inXML struct{ S ghapp.Secret }
	if data, err := xml.Marshal(inXML{c.PEM}); err != nil || !strings.Contains(string(data), "[redacted]") {
		t.Errorf("XML: %s, %v", data, err)
	} else {
		outputs = append(outputs, string(data))
	}
	var tb strings.Builder
	if err := template.Must(template.New("").Parse("{{.PEM}} {{.ClientSecret}} {{.}}")).Execute(&tb, c); err != nil {
		t.Fatal(err)
	}
	outputs = append(outputs, tb.String())
	for _, handler := range []func(*bytes.Buffer) slog.Handler{
		func(b *bytes.Buffer) slog.Handler { return slog.NewJSONHandler(b, nil) },
		func(b *bytes.Buffer) slog.Handler { return slog.NewTextHandler(b, nil) },
	} {
		var b bytes.Buffer
		logger := slog.New(handler(&b))
		logger.Info("created", "app", c, "value", *c, "pem", c.PEM, "pem ptr", &c.PEM)
		logger.Info("created", slog.Any("app", c))
		// Inside other values, slog's JSON handler falls back to JSON and
		// its text handler to fmt's %+v, unexported fields among them.
		logger.Info("created", "result", struct{ Creds ghapp.AppCredentials }{*c}, "all", []ghapp.AppCredentials{*c}, "ptr", []*ghapp.AppCredentials{c},
			"holder", h, "holder ptr", &h)
		outputs = append(outputs, b.String())
		if !strings.Contains(b.String(), "octoapp") || !strings.Contains(b.String(), "[redacted]") {
			t.Errorf("log lacks the app or the redaction mark: %s", b.String())
		}
	}
	for _, out := range outputs {
		for _, s := range secrets {
			if strings.Contains(out, s) {
				t.Errorf("a secret appears in %q", out)
			}
		}
	}
	if !strings.Contains(fmt.Sprintf("%+v", c), `ClientID: "Iv1.client"`) {
		t.Errorf("%%+v lost the public fields: %+v", c)
	}
}

func TestSecret(t *testing.T) {
	s := ghapp.NewSecret("s3cr3t")
	var zero ghapp.Secret
	tests := []struct {
		format string
		arg    any
		want   string
	}{
		{"%v", s, "[redacted]"},
		{"%s", s, "[redacted]"},
		{"%q", s, `"[redacted]"`},
		{"%#v", s, "ghapp.Secret{[redacted]}"},
		{"%+v", s, "[redacted]"},
		{"%x", s, "[redacted]"},
		{"%d", s, "[redacted]"},
		{"%v", zero, ""},
		{"%q", zero, `""`},
		{"%#v", zero, "ghapp.Secret{}"},
		{"%v", struct{ S ghapp.Secret }{s}, "{[redacted]}"},
		{"%+v", struct{ S ghapp.Secret }{s}, "{S:[redacted]}"},
	}
	for _, tt := range tests {
		if got := fmt.Sprintf(tt.format, tt.arg); got != tt.want {
			t.Errorf("Sprintf(%q, ...) = %q, want %q", tt.format, got, tt.want)
		}
	}
	if s.Reveal() != "s3cr3t" || zero.Reveal() != "" || !ghapp.NewSecret("").IsZero() || s.IsZero() {
		t.Error("Reveal or IsZero")
	}
	if !s.Equal(ghapp.NewSecret("s3cr3t")) || s.Equal(ghapp.NewSecret("s3cr3u")) || s.Equal(zero) || !zero.Equal(ghapp.NewSecret("")) {
		t.Error("Equal")
	}
	if diff := cmp.Diff(ghapp.NewSecret("a"), ghapp.NewSecret("a")); diff != "" {
		t.Errorf("cmp.Diff of equal secrets: %s", diff)
	}
	if diff := cmp.Diff(ghapp.NewSecret("visible-a"), ghapp.NewSecret("visible-b")); diff == "" || strings.Contains(diff, "visible") {
		t.Errorf("cmp.Diff of different secrets: %q", diff)
	}
	var back struct{ S ghapp.Secret }
	if err := json.Unmarshal([]byte(`{"S":"[redacted]"}`), &back); !errors.Is(err, ghapp.ErrNotSettable) || !back.S.IsZero() {
		t.Errorf("json.Unmarshal into a Secret: %v, want ErrNotSettable", err)
	}
	var creds ghapp.AppCredentials
	if err := json.Unmarshal([]byte(`{"id":1,"pem":"[redacted]"}`), &creds); !errors.Is(err, ghapp.ErrNotSettable) {
		t.Errorf("json.Unmarshal into AppCredentials: %v, want ErrNotSettable", err)
	}
}

func TestRevealJSON(t *testing.T) {
	c := testCredentials(t)
	c.Events = []ghapp.Event{ghapp.EventIssues, "future_event"}
	c.Permissions["future_permission"] = ghapp.LevelRead
	data, err := c.RevealJSON()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"client_secret":"client-secret-value"`, `"webhook_secret":"webhook-secret-value"`, `"pem":"-----BEGIN RSA PRIVATE KEY-----\n`} {
		if !strings.Contains(string(data), want) {
			t.Errorf("RevealJSON lacks %s", want)
		}
	}
	back, err := ghapp.ParseCredentials(data)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(c, back); diff != "" {
		t.Errorf("round trip mismatch (-want +got):\n%s", diff)
	}
	// GitHub's own answer reads the same way, and writes back as it read.
	fromGitHub, err := ghapp.ParseCredentials(conversionExample(t))
	if err != nil {
		t.Fatal(err)
	}
	again, err := fromGitHub.RevealJSON()
	if err != nil {
		t.Fatal(err)
	}
	back, err = ghapp.ParseCredentials(again)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(fromGitHub, back); diff != "" {
		t.Errorf("GitHub's example round trip mismatch (-want +got):\n%s", diff)
	}
	// No webhook secret: null, and back to empty.
	c.WebhookSecret = ghapp.Secret{}
	data, _ = c.RevealJSON()
	if !strings.Contains(string(data), `"webhook_secret":null`) {
		t.Errorf("no webhook secret: %s", data)
	}
	if back, err := ghapp.ParseCredentials(data); err != nil || !back.WebhookSecret.IsZero() {
		t.Errorf("no webhook secret read back: %v, %v", back, err)
	}
	c.Permissions = ghapp.Permissions{ghapp.PermissionIssues: ghapp.Level(9)}
	if _, err := c.RevealJSON(); !errors.Is(err, ghapp.ErrUnknownLevel) {
		t.Errorf("a bad level: %v", err)
	}
}

// FuzzCredentialsJSON: RevealJSON of any credentials with the required
// fields reads back whole with ParseCredentials.
func FuzzCredentialsJSON(f *testing.F) {
	f.Add(int64(1), "octoapp", "Octocat App", "Iv1.8a61f9b3a7aba766", "1726be16", "e3401541", "-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----\n", "issues", uint8(2), "push", int64(1499545124))
	f.Add(int64(1<<62), "\x00\u2028", "\"<&>", "c", "\\", "", "p\x1b[31m", "email_addresses", uint8(1), "", int64(-62135596800))
	f.Fuzz(func(t *testing.T, id int64, slug, name, clientID, clientSecret, webhookSecret, pemText, perm string, level uint8, event string, created int64) {
		if id <= 0 || clientID == "" || clientSecret == "" || pemText == "" {
			return // ParseCredentials requires them
		}
		c := &ghapp.AppCredentials{
			ID: id, Slug: slug, Name: name, Description: name, NodeID: slug, ExternalURL: name, HTMLURL: slug,
			Owner:    ghapp.Account{Login: slug, ID: id, NodeID: name, Type: "User"},
			ClientID: clientID, ClientSecret: ghapp.NewSecret(clientSecret), WebhookSecret: ghapp.NewSecret(webhookSecret), PEM: ghapp.NewSecret(pemText),
			CreatedAt: time.Unix(created%253402300799, 0).UTC(), UpdatedAt: time.Unix(created%1e9, 123456789),
		}
		if p := ghapp.Permission(perm).Canonical(); validName(string(p)) && level >= 1 && level <= 3 {
			c.Permissions = ghapp.Permissions{p: ghapp.Level(level)}
		}
		if validName(event) {
			c.Events = []ghapp.Event{ghapp.Event(event)}
		}
		data, err := c.RevealJSON()
		valid := true
		for _, s := range []string{slug, name, clientID, clientSecret, webhookSecret, pemText} {
			valid = valid && utf8.ValidString(s)
		}
		if !valid {
			if !errors.Is(err, ghapp.ErrInvalidText) {
				t.Fatalf("RevealJSON of invalid UTF-8: %v, want ErrInvalidText", err)
			}
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		back, err := ghapp.ParseCredentials(data)
		if err != nil {
			t.Fatalf("ParseCredentials(%s): %v", data, err)
		}
		if diff := cmp.Diff(c, back, cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("round trip mismatch (-want +got):\n%s", diff)
		}
		if back.ClientSecret.Reveal() != clientSecret || back.WebhookSecret.Reveal() != webhookSecret || back.PEM.Reveal() != pemText {
			t.Error("a secret changed on the way")
		}
	})
}

// validName reports whether s is a name the answer's reader keeps.
func validName(s string) bool {
	if s == "" || len(s) > 100 {
		return false
	}
	for _, c := range []byte(s) {
		if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}

// FuzzParseCredentials: no input panics; what reads (fully or partly)
// writes back and reads again to the same credentials, with no problem.
func FuzzParseCredentials(f *testing.F) {
	f.Add([]byte(`{"id":1,"client_id":"c","client_secret":"s","pem":"p","permissions":{"issues":"maintain","emails":"read","email_addresses":"write"},"events":[{"x":1},"push"],"owner":"x","created_at":"yesterday"}`))
	f.Add([]byte(`{"id":"7","client_id":"c","client_secret":"s","pem":"p","webhook_secret":null,"owner":{"slug":"e"},"created_at":1}`))
	f.Add([]byte(`[]`))
	f.Add([]byte(`{"id":1e3}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := ghapp.ParseCredentials(data)
		if c == nil {
			if !errors.Is(err, ghapp.ErrBadResponse) {
				t.Fatalf("no credentials and error %v, want ErrBadResponse", err)
			}
			return
		}
		if err != nil && !errors.Is(err, ghapp.ErrPartialResponse) {
			t.Fatalf("credentials with error %v, want ErrPartialResponse", err)
		}
		again, err := c.RevealJSON()
		if err != nil {
			return // a time outside years 0 to 9999
		}
		back, err := ghapp.ParseCredentials(again)
		if err != nil {
			t.Fatalf("ParseCredentials(RevealJSON()) = %v", err)
		}
		if diff := cmp.Diff(c, back, cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("second round mismatch (-want +got):\n%s", diff)
		}
	})
}

func TestPrivateKey(t *testing.T) {
	key := rsaKey(t)
	pkcs8, _ := x509.MarshalPKCS8PrivateKey(key)
	ec, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	ecDER, _ := x509.MarshalPKCS8PrivateKey(ec)
	tests := []struct {
		name string
		pem  string
		ok   bool
	}{
		{"pkcs1", string(pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(key)})), true},
		{"pkcs8", string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: pkcs8})), true},
		{"ec", string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: ecDER})), false},
		{"certificate", string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: []byte{1}})), false},
		{"garbage pkcs1", string(pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: []byte{1, 2}})), false},
		{"not pem", "nope", false},
	}
	for _, tt := range tests {
		c := &ghapp.AppCredentials{PEM: ghapp.NewSecret(tt.pem)}
		k, err := c.PrivateKey()
		if tt.ok && (err != nil || !k.Equal(key)) {
			t.Errorf("%s: %v", tt.name, err)
		}
		if !tt.ok && !errors.Is(err, ghapp.ErrInvalidKey) {
			t.Errorf("%s: %v, want ErrInvalidKey", tt.name, err)
		}
	}
}
