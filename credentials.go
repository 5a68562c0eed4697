package ghapp

import (
	"crypto/rsa"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"io"
	"log/slog"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// An Account is a GitHub user or organization.
type Account struct {
	Login  string `json:"login"`   // the account's login, "octocat"
	ID     int64  `json:"id"`      // the account's REST API ID
	NodeID string `json:"node_id"` // the account's GraphQL ID
	Type   string `json:"type"`    // "User", "Organization" or "Enterprise"
}

// AppCredentials are what the manifest flow gives back: the new app and the
// secrets to act as it. The three secrets (ClientSecret, WebhookSecret and
// PEM) are each a [Secret], which never shows its text: printed with any
// fmt verb, logged with log/slog, encoded as JSON or text, alone or inside
// another value, they show as "[redacted]". [Secret.Reveal] reads one;
// [AppCredentials.RevealJSON] encodes them all for a secret store, and
// [ParseCredentials] reads that back; [AppCredentials.WriteEnvFile] writes
// an env file.
type AppCredentials struct {
	ID          int64       `json:"id"`           // the app's ID, which its JSON Web Tokens name
	Slug        string      `json:"slug"`         // the app's name in URLs, "octoapp"
	NodeID      string      `json:"node_id"`      // the app's GraphQL ID
	Name        string      `json:"name"`         // the app's name
	Description string      `json:"description"`  // the app's description
	Owner       Account     `json:"owner"`        // the account that owns the app
	ExternalURL string      `json:"external_url"` // the app's homepage
	HTMLURL     string      `json:"html_url"`     // the app's page on GitHub
	Permissions Permissions `json:"permissions"`  // the permissions the app has, metadata among them
	Events      []Event     `json:"events"`       // the events the app subscribes to
	CreatedAt   time.Time   `json:"created_at"`   // when GitHub created the app
	UpdatedAt   time.Time   `json:"updated_at"`   // when the app last changed

	ClientID      string `json:"client_id"`      // the OAuth client ID, not secret
	ClientSecret  Secret `json:"client_secret"`  // secret: the OAuth client secret
	WebhookSecret Secret `json:"webhook_secret"` // secret: signs webhook deliveries; empty if GitHub made none
	PEM           Secret `json:"pem"`            // secret: the app's private key, PEM-encoded
}

// String describes c without its secrets, each shown as "[redacted]" (or
// "" when empty). Text from GitHub is quoted, so no control character in it
// reaches a terminal.
func (c AppCredentials) String() string {
	return fmt.Sprintf("ghapp.AppCredentials{ID: %d, Slug: %q, Name: %q, Owner: %q (%q), HTMLURL: %q, Permissions: %v, Events: %q, ClientID: %q, ClientSecret: %q, WebhookSecret: %q, PEM: %q}",
		c.ID, c.Slug, c.Name, c.Owner.Login, c.Owner.Type, c.HTMLURL, map[Permission]Level(c.Permissions), c.Events, c.ClientID,
		c.ClientSecret.mark(), c.WebhookSecret.mark(), c.PEM.mark())
}

// GoString is String, for %#v.
func (c AppCredentials) GoString() string { return c.String() }

// Format implements [fmt.Formatter] so that every verb, %v, %+v, %#v, %s
// and %q among them, prints String: the secrets never show.
func (c AppCredentials) Format(f fmt.State, verb rune) {
	if verb == 'q' {
		fmt.Fprintf(f, "%q", c.String())
		return
	}
	_, _ = io.WriteString(f, c.String())
}

// LogValue implements [slog.LogValuer]: logged, c is a group of its
// non-secret fields, and the secrets show as "[redacted]".
func (c AppCredentials) LogValue() slog.Value {
	return slog.GroupValue(
		slog.Int64("id", c.ID),
		slog.String("slug", c.Slug),
		slog.String("name", c.Name),
		slog.String("owner", c.Owner.Login),
		slog.String("html_url", c.HTMLURL),
		slog.String("client_id", c.ClientID),
		slog.Any("client_secret", c.ClientSecret),
		slog.Any("webhook_secret", c.WebhookSecret),
		slog.Any("pem", c.PEM),
	)
}

// revealedCredentials is AppCredentials with its secrets in the clear, in
// the order of GitHub's conversion answer.
type revealedCredentials struct {
	ID            int64       `json:"id"`
	Slug          string      `json:"slug"`
	NodeID        string      `json:"node_id"`
	Owner         Account     `json:"owner"`
	Name          string      `json:"name"`
	Description   string      `json:"description"`
	ExternalURL   string      `json:"external_url"`
	HTMLURL       string      `json:"html_url"`
	CreatedAt     time.Time   `json:"created_at"`
	UpdatedAt     time.Time   `json:"updated_at"`
	Permissions   Permissions `json:"permissions"`
	Events        []Event     `json:"events"`
	ClientID      string      `json:"client_id"`
	ClientSecret  string      `json:"client_secret"`
	WebhookSecret *string     `json:"webhook_secret"`
	PEM           string      `json:"pem"`
}

// RevealJSON returns c as JSON with its secrets in the clear, for a secret
// store or a vault: the keys and shape of GitHub's conversion answer, which
// [ParseCredentials] reads back whole. It is the one way to encode the
// credentials with their secrets; json.Marshal writes "[redacted]" in
// their place. An empty WebhookSecret is written null, as GitHub does.
//
// Text that is not valid UTF-8, which JSON cannot hold as it is, is refused
// with a [*FieldError] naming the field and wrapping [ErrInvalidText]
// rather than changed, and a permission or event that is not a name as
// GitHub writes them (lower case letters, digits and "_"), which
// ParseCredentials would not read back, with one wrapping
// [ErrInvalidFormat]; the error never shows the value. Other errors are
// encoding/json's: a level outside the known ones, a time outside years 0
// to 9999.
func (c AppCredentials) RevealJSON() ([]byte, error) {
	var errs errorList
	for _, f := range [...]struct{ key, value string }{
		{"slug", c.Slug}, {"node_id", c.NodeID}, {"name", c.Name}, {"description", c.Description},
		{"external_url", c.ExternalURL}, {"html_url", c.HTMLURL},
		{"owner.login", c.Owner.Login}, {"owner.node_id", c.Owner.NodeID}, {"owner.type", c.Owner.Type},
		{"client_id", c.ClientID}, {"client_secret", c.ClientSecret.Reveal()},
		{"webhook_secret", c.WebhookSecret.Reveal()}, {"pem", c.PEM.Reveal()},
	} {
		if !utf8.ValidString(f.value) {
			errs.add(fieldErr(f.key, ErrInvalidText, "not valid UTF-8, which JSON cannot hold unchanged"))
		}
	}
	for p := range c.Permissions {
		if !plainName(string(p), maxUnknownName) {
			errs.add(fieldErr("permissions", ErrInvalidFormat, "a name that is not a permission's, as GitHub writes them: lower case letters, digits and _"))
		}
	}
	for i, e := range c.Events {
		if !plainName(string(e), maxUnknownName) {
			errs.add(fieldErr("events["+strconv.Itoa(i)+"]", ErrInvalidFormat, "not an event's name, as GitHub writes them: lower case letters, digits and _"))
		}
	}
	if errs.len() > 0 {
		return nil, errs.join()
	}
	r := revealedCredentials{
		ID: c.ID, Slug: c.Slug, NodeID: c.NodeID, Owner: c.Owner, Name: c.Name, Description: c.Description,
		ExternalURL: c.ExternalURL, HTMLURL: c.HTMLURL, CreatedAt: c.CreatedAt, UpdatedAt: c.UpdatedAt,
		Permissions: c.Permissions, Events: c.Events,
		ClientID: c.ClientID, ClientSecret: c.ClientSecret.Reveal(), PEM: c.PEM.Reveal(),
	}
	if !c.WebhookSecret.IsZero() {
		s := c.WebhookSecret.Reveal()
		r.WebhookSecret = &s
	}
	data, err := json.Marshal(r)
	if err != nil {
		return nil, fmt.Errorf("ghapp: credentials: %w", err)
	}
	return data, nil
}

// ParseCredentials reads credentials that [AppCredentials.RevealJSON]
// wrote, or a manifest conversion answer as GitHub sends it, as
// [ConvertManifestCode] does. Data that is not a JSON object, or lacks a
// usable id, client_id, client_secret or pem, is an error wrapping
// [ErrBadResponse], with nil credentials. When those are there but another
// field cannot be read, the credentials come back with an error wrapping
// [ErrPartialResponse] that names each such field; see ConvertManifestCode.
func ParseCredentials(data []byte) (*AppCredentials, error) {
	return decodeCredentials(data)
}

// InstallURL returns the page where accounts install the app:
// HTMLURL/installations/new.
func (c AppCredentials) InstallURL() string {
	if c.HTMLURL == "" {
		return ""
	}
	return strings.TrimSuffix(c.HTMLURL, "/") + "/installations/new"
}

// PrivateKey parses the app's private key (PEM), which signs the JSON Web
// Tokens the app authenticates with. GitHub gives a PKCS #1 key; PKCS #8
// RSA keys are read too. Anything else wraps [ErrInvalidKey].
func (c AppCredentials) PrivateKey() (*rsa.PrivateKey, error) {
	return parsePrivateKey([]byte(c.PEM.Reveal()))
}

// parsePrivateKey reads an RSA private key in PEM, PKCS #1 or #8.
func parsePrivateKey(data []byte) (*rsa.PrivateKey, error) {
	block, _ := pem.Decode(data)
	if block == nil {
		return nil, fmt.Errorf("%w: no PEM block", ErrInvalidKey)
	}
	switch block.Type {
	case "RSA PRIVATE KEY":
		k, err := x509.ParsePKCS1PrivateKey(block.Bytes)
		if err != nil {
			return nil, fmt.Errorf("%w: %v", ErrInvalidKey, err)
		}
		return k, nil
	case "PRIVATE KEY":
		k, err := x509.ParsePKCS8PrivateKey(block.Bytes)
		if err != nil {
			return nil, fmt.Errorf("%w: %v", ErrInvalidKey, err)
		}
		if rk, ok := k.(*rsa.PrivateKey); ok {
			return rk, nil
		}
		return nil, fmt.Errorf("%w: a %T, not an RSA key", ErrInvalidKey, k)
	}
	return nil, fmt.Errorf("%w: a PEM block of type %s", ErrInvalidKey, quoteBounded(block.Type))
}
