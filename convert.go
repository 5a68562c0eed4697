package ghapp

import (
	"context"
	"crypto/rsa"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"
)

// Errors of the manifest code exchange.
var (
	// ErrInvalidCode reports a manifest code that cannot be one of GitHub's:
	// it is checked before any request, so it never reaches the network.
	ErrInvalidCode = errors.New("ghapp: invalid manifest code")
	// ErrCodeRejected reports a code GitHub does not take (HTTP 404 or
	// 422): expired (codes last one hour), used already, or unknown. The
	// error is an [*APIError] carrying GitHub's message.
	ErrCodeRejected = errors.New("ghapp: manifest code rejected")
	// ErrAPI reports any other answer than success from GitHub's API; the
	// error is an [*APIError].
	ErrAPI = errors.New("ghapp: GitHub API error")
	// ErrBadResponse reports a success answer that cannot be used: not
	// JSON, too large, or without a required field.
	ErrBadResponse = errors.New("ghapp: unusable response")
	// ErrInvalidKey reports a private key that does not parse.
	ErrInvalidKey = errors.New("ghapp: invalid private key")
)

// APIVersion is the REST API version ConvertManifestCode asks for, in the
// X-GitHub-Api-Version header.
const APIVersion = "2022-11-28"

// maxResponse caps the bytes read from a conversion response.
const maxResponse = 1 << 20

// DefaultTimeout bounds a ConvertManifestCode call made with a nil client.
const DefaultTimeout = 30 * time.Second

// APIURL returns the REST API root of t's GitHub: https://api.github.com for
// github.com, https://api.SUBDOMAIN.ghe.com for GHE.com, and
// https://HOST/api/v3 for GitHub Enterprise Server (and for loopback hosts,
// which stand in for it in tests). It returns "" when t.BaseURL is not a
// valid base URL (see [Target]).
func (t Target) APIURL() string {
	origin, plan, _, err := parseBaseURL(t.BaseURL)
	switch {
	case err != nil:
		return ""
	case origin == githubOrigin:
		return "https://api.github.com"
	case plan == PlanGHEC:
		scheme, host, _ := strings.Cut(origin, "://")
		return scheme + "://api." + host
	}
	return origin + "/api/v3"
}

// validCode reports whether code looks like a manifest code: letters,
// digits, "-" and "_", 1 to 256 of them. GitHub's are 40 hexadecimal
// digits; anything that could change the request's path or query fails.
func validCode(code string) bool {
	if len(code) == 0 || len(code) > 256 {
		return false
	}
	for i := 0; i < len(code); i++ {
		c := code[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

// ConvertManifestCode finishes the manifest flow: it exchanges the code
// GitHub sent to the manifest's redirect_url for the new app's credentials,
// with POST {t.APIURL()}/app-manifests/{code}/conversions. The code lasts one
// hour and works once.
//
// The code is checked before any request ([ErrInvalidCode]), and t must be
// https but for loopback hosts ([ErrInvalidTarget]). A nil hc means a client
// with [DefaultTimeout] that follows no redirect. At most 1 MiB of the
// answer is read. A 404 or 422 answer is an [*APIError] wrapping
// [ErrCodeRejected], any other failure status one wrapping [ErrAPI]; a
// success (GitHub answers 201) without id, pem, client_id or client_secret,
// or that is not JSON, wraps [ErrBadResponse], and its body never appears in
// an error. Fields GitHub adds later are ignored, and permissions or
// events the catalogue does not know yet are kept as they are. Errors of
// ctx and of the client come back wrapped, for [errors.Is].
func ConvertManifestCode(ctx context.Context, hc *http.Client, t Target, code string) (*AppCredentials, error) {
	if !validCode(code) {
		return nil, fieldErr("code", ErrInvalidCode, "%q is not a manifest code (letters, digits, - and _)", code)
	}
	if _, _, err := t.resolve(); err != nil {
		return nil, err
	}
	if hc == nil {
		hc = &http.Client{
			Timeout:       DefaultTimeout,
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		}
	}
	endpoint := t.APIURL() + "/app-manifests/" + code + "/conversions"
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, endpoint, nil)
	if err != nil {
		return nil, fmt.Errorf("ghapp: manifest conversion: %w", err)
	}
	req.Header.Set("Accept", "application/vnd.github+json")
	req.Header.Set("X-GitHub-Api-Version", APIVersion)
	req.Header.Set("User-Agent", "ghapp (github.com/ghapp-dev/ghapp)")
	resp, err := hc.Do(req)
	if err != nil {
		return nil, fmt.Errorf("ghapp: manifest conversion: %w", err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxResponse+1))
	if err != nil {
		return nil, fmt.Errorf("ghapp: manifest conversion: reading the answer: %w", err)
	}
	if len(body) > maxResponse {
		return nil, fmt.Errorf("%w: the answer is larger than %d bytes", ErrBadResponse, maxResponse)
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return nil, newAPIError(resp, body)
	}
	// GitHub answers 201; any success is read the same way, since the code
	// works once and the app exists now.
	return decodeCredentials(body)
}

// An APIError is an answer other than success from GitHub's REST API.
type APIError struct {
	StatusCode       int    // 404
	Status           string // "404 Not Found"
	Message          string // GitHub's message, or the start of the body when it sent no JSON
	DocumentationURL string // GitHub's documentation_url, if any
}

func newAPIError(resp *http.Response, body []byte) *APIError {
	e := &APIError{StatusCode: resp.StatusCode, Status: resp.Status}
	var m struct {
		Message          string `json:"message"`
		DocumentationURL string `json:"documentation_url"`
	}
	if json.Unmarshal(body, &m) == nil && m.Message != "" {
		e.Message, e.DocumentationURL = m.Message, m.DocumentationURL
	} else {
		e.Message = strings.TrimSpace(string(body[:min(len(body), 200)]))
	}
	return e
}

// Error returns "ghapp: GitHub answered STATUS: MESSAGE".
func (e *APIError) Error() string {
	msg := "ghapp: GitHub answered " + e.Status
	if e.Status == "" {
		msg = "ghapp: GitHub answered " + strconv.Itoa(e.StatusCode)
	}
	if e.StatusCode == http.StatusNotFound || e.StatusCode == http.StatusUnprocessableEntity {
		msg += " (the code is expired, used or unknown)"
	}
	if e.Message != "" {
		msg += ": " + e.Message
	}
	return msg
}

// Unwrap returns [ErrCodeRejected] for 404 and 422, [ErrAPI] otherwise.
func (e *APIError) Unwrap() error {
	if e.StatusCode == http.StatusNotFound || e.StatusCode == http.StatusUnprocessableEntity {
		return ErrCodeRejected
	}
	return ErrAPI
}

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

// decodeCredentials reads a 201 answer.
func decodeCredentials(body []byte) (*AppCredentials, error) {
	var wire struct {
		AppCredentials
		Permissions   map[string]string `json:"permissions"`
		Events        []string          `json:"events"`
		WebhookSecret *string           `json:"webhook_secret"`
	}
	if err := json.Unmarshal(body, &wire); err != nil {
		return nil, fmt.Errorf("%w: not the JSON of an app: %v", ErrBadResponse, err)
	}
	c := wire.AppCredentials
	var missing []string
	for _, f := range []struct {
		name string
		ok   bool
	}{{"id", c.ID != 0}, {"client_id", c.ClientID != ""}, {"client_secret", c.ClientSecret != ""}, {"pem", c.PEM != ""}} {
		if !f.ok {
			missing = append(missing, f.name)
		}
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("%w: the answer lacks %s", ErrBadResponse, strings.Join(missing, ", "))
	}
	if wire.WebhookSecret != nil {
		c.WebhookSecret = *wire.WebhookSecret
	}
	// GitHub's answer is the authority: names the catalogue does not know
	// yet are kept, not dropped, and their levels read as well as they can.
	if wire.Permissions != nil {
		c.Permissions = make(Permissions, len(wire.Permissions))
		for name, level := range wire.Permissions {
			p := Permission(name)
			if cp := p.Canonical(); cp != "" {
				p = cp
			}
			l, err := ParseLevel(level)
			if err != nil {
				return nil, fmt.Errorf("%w: permission %s has level %q", ErrBadResponse, name, level)
			}
			c.Permissions[p] = l
		}
	}
	for _, name := range wire.Events {
		c.Events = append(c.Events, Event(name))
	}
	return &c, nil
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
func (c *AppCredentials) InstallURL() string {
	if c.HTMLURL == "" {
		return ""
	}
	return strings.TrimSuffix(c.HTMLURL, "/") + "/installations/new"
}

// PrivateKey parses the app's private key (PEM), which signs the JSON Web
// Tokens the app authenticates with. GitHub gives a PKCS #1 key; PKCS #8
// RSA keys are read too. Anything else wraps [ErrInvalidKey].
func (c *AppCredentials) PrivateKey() (*rsa.PrivateKey, error) {
	block, _ := pem.Decode([]byte(c.PEM))
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

// WriteEnv writes the credentials as an env file, with the variable names
// Probot reads: APP_ID, PRIVATE_KEY, WEBHOOK_SECRET, GITHUB_CLIENT_ID and
// GITHUB_CLIENT_SECRET. Values are double-quoted, with newlines written \n,
// as dotenv readers expect.
func (c *AppCredentials) WriteEnv(w io.Writer) error {
	var b strings.Builder
	for _, kv := range [][2]string{
		{"APP_ID", strconv.FormatInt(c.ID, 10)},
		{"PRIVATE_KEY", c.PEM},
		{"WEBHOOK_SECRET", c.WebhookSecret},
		{"GITHUB_CLIENT_ID", c.ClientID},
		{"GITHUB_CLIENT_SECRET", c.ClientSecret},
	} {
		b.WriteString(kv[0] + "=" + envQuote(kv[1]) + "\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// envQuote double-quotes v for an env file.
func envQuote(v string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`, "\r", `\r`)
	return `"` + r.Replace(v) + `"`
}

// WriteEnvFile writes [AppCredentials.WriteEnv]'s env file to path, readable
// and writable by its owner only (mode 0600). It refuses to replace an
// existing file, with an error wrapping [io/fs.ErrExist], unless overwrite is
// true; an overwritten file gets mode 0600 too.
func (c *AppCredentials) WriteEnvFile(path string, overwrite bool) (err error) {
	flags := os.O_WRONLY | os.O_CREATE | os.O_EXCL
	if overwrite {
		flags = os.O_WRONLY | os.O_CREATE | os.O_TRUNC
	}
	f, err := os.OpenFile(path, flags, 0o600)
	if err != nil {
		return fmt.Errorf("ghapp: env file: %w", err)
	}
	defer func() {
		if cerr := f.Close(); err == nil && cerr != nil {
			err = fmt.Errorf("ghapp: env file: %w", cerr)
		}
	}()
	if err := f.Chmod(0o600); err != nil {
		return fmt.Errorf("ghapp: env file: %w", err)
	}
	if err := c.WriteEnv(f); err != nil {
		return fmt.Errorf("ghapp: env file: %w", err)
	}
	return nil
}
