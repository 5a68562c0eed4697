package ghapp

import (
	"crypto/rsa"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"time"
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
// PEM) never appear when the value is printed with any fmt verb, logged with
// log/slog (also inside another value, which slog's JSON handler encodes as
// JSON) or encoded as JSON: they show as "[redacted]". Store them with
// [AppCredentials.WriteEnvFile], or read the fields themselves.
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
	ClientSecret  string `json:"client_secret"`  // secret: the OAuth client secret
	WebhookSecret string `json:"webhook_secret"` // secret: signs webhook deliveries; "" if GitHub made none
	PEM           string `json:"pem"`            // secret: the app's private key, PEM-encoded
}

// redacted shows whether a secret is set without showing it.
func redacted(secret string) string {
	if secret == "" {
		return `""`
	}
	return "[redacted]"
}

// String describes c without its secrets.
func (c AppCredentials) String() string {
	return fmt.Sprintf("ghapp.AppCredentials{ID: %d, Slug: %q, Name: %q, Owner: %s (%s), HTMLURL: %q, Permissions: %v, Events: %v, ClientID: %q, ClientSecret: %s, WebhookSecret: %s, PEM: %s}",
		c.ID, c.Slug, c.Name, c.Owner.Login, c.Owner.Type, c.HTMLURL, map[Permission]Level(c.Permissions), c.Events, c.ClientID,
		redacted(c.ClientSecret), redacted(c.WebhookSecret), redacted(c.PEM))
}

// MarshalJSON encodes c with its secrets shown as "[redacted]" (or "" when
// unset), so that no log or dump of it as JSON holds them.
func (c AppCredentials) MarshalJSON() ([]byte, error) {
	type plain AppCredentials // without the methods
	p := plain(c)
	for _, s := range []*string{&p.ClientSecret, &p.WebhookSecret, &p.PEM} {
		if *s != "" {
			*s = "[redacted]"
		}
	}
	return json.Marshal(p)
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
		slog.String("client_secret", redacted(c.ClientSecret)),
		slog.String("webhook_secret", redacted(c.WebhookSecret)),
		slog.String("pem", redacted(c.PEM)),
	)
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
	return parsePrivateKey([]byte(c.PEM))
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
	return nil, fmt.Errorf("%w: a PEM block of type %q", ErrInvalidKey, block.Type)
}
