package ghapp

import (
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"sync"
	"time"
)

// The times of an app's JSON Web Token. GitHub's page asks for iat "60
// seconds in the past" against clock drift and an exp "no more than 10
// minutes into the future"; exp is 9 minutes on, so that a clock a little
// behind GitHub's still gives a token GitHub takes.
const (
	jwtBackdate = 60 * time.Second
	jwtLifetime = 9 * time.Minute
	// jwtRenew is how long before exp an AppTransport mints the next token.
	jwtRenew = time.Minute
)

// jwtHeader is the JOSE header of every app token, base64url-encoded:
// {"alg":"RS256","typ":"JWT"}.
const jwtHeader = "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9"

// ParsePrivateKey reads an app's private key as GitHub gives it: a PEM
// file holding a PKCS #1 RSA key ("RSA PRIVATE KEY"); PKCS #8 RSA keys
// ("PRIVATE KEY") are read too. Anything else wraps [ErrInvalidKey]; the
// error never holds the key.
func ParsePrivateKey(pemData []byte) (*rsa.PrivateKey, error) {
	return parsePrivateKey(pemData)
}

// AppJWT returns a JSON Web Token that authenticates as a GitHub App, as
// GitHub's page "Generating a JSON Web Token (JWT) for a GitHub App"
// describes it: signed with RS256 (RSASSA-PKCS1-v1_5 with SHA-256) by key,
// with the claims iat (now less 60 seconds, against clock drift), exp (now
// plus 9 minutes, within GitHub's limit of 10) and iss. Send it as
// "Authorization: Bearer TOKEN"; GitHub takes no other scheme for it. It is
// good until exp; [AppTransport] makes a new one before then.
//
// The issuer is the app's client ID, which GitHub recommends, or its app ID
// in decimal; GitHub Enterprise Server before 3.18 takes the app ID only.
// [AppTransport] picks it from its target's plan.
//
// A nil key wraps [ErrInvalidKey]; an empty issuer is a [*FieldError] for
// "iss" wrapping [ErrRequired], and one with spaces or control characters
// wraps [ErrInvalidText]. An error of the signature comes back wrapped.
func AppJWT(key *rsa.PrivateKey, issuer string, now time.Time) (string, error) {
	if key == nil {
		return "", fmt.Errorf("%w: no key", ErrInvalidKey)
	}
	if issuer == "" {
		return "", fieldErr("iss", ErrRequired, "the app's client ID or app ID is required")
	}
	if err := checkToken("iss", issuer); err != nil {
		return "", err
	}
	claims, err := json.Marshal(struct {
		IAT int64  `json:"iat"`
		EXP int64  `json:"exp"`
		ISS string `json:"iss"`
	}{now.Add(-jwtBackdate).Unix(), now.Add(jwtLifetime).Unix(), issuer})
	if err != nil {
		return "", err
	}
	return signRS256(key, jwtHeader+"."+base64.RawURLEncoding.EncodeToString(claims))
}

// signRS256 returns the JSON Web Signature compact form of signingInput
// (header and payload, base64url-encoded and joined by "."), signed with
// RS256 by key.
func signRS256(key *rsa.PrivateKey, signingInput string) (string, error) {
	sum := sha256.Sum256([]byte(signingInput))
	sig, err := rsa.SignPKCS1v15(rand.Reader, key, crypto.SHA256, sum[:])
	if err != nil {
		return "", fmt.Errorf("ghapp: signing the JSON Web Token: %w", err)
	}
	return signingInput + "." + base64.RawURLEncoding.EncodeToString(sig), nil
}

// An AppTransport is an [http.RoundTripper] that authenticates each request
// as a GitHub App: it adds "Authorization: Bearer JWT" with a token from
// [AppJWT], made from Key, and makes a new one a minute before the old one
// expires. So a program with only the credentials of the manifest flow can
// read its app ([GetApp], [ListInstallations]) without another library:
//
//	tr, err := ghapp.NewAppTransport(creds, ghapp.Target{})
//	...
//	app, err := ghapp.GetApp(ctx, tr.Client(), ghapp.Target{})
//
// The token's issuer is ClientID, which GitHub recommends, except where
// Target's plan is GitHub Enterprise Server 3.17, which takes only the app
// ID (from 3.18 on, GitHub Enterprise Server takes the client ID): there it
// is AppID, as it is when ClientID is empty. Set Target.Plan for a server
// older than the catalogue's newest, which a host alone stands for.
//
// It adds the token only to requests for Target's API ([Target.APIURL]), by
// scheme and host, and refuses others, so that a redirect or a stray URL
// never carries it elsewhere. It never logs the token, and neither the
// token nor the key shows when the transport is printed, logged or
// encoded as JSON, nor when a value that holds it is printed with %+v
// (the token is a [Secret]).
//
// Set the fields before first use and leave them; an AppTransport is then
// safe for concurrent use.
type AppTransport struct {
	Key      *rsa.PrivateKey   // the app's private key ([AppCredentials.PrivateKey], [ParsePrivateKey])
	AppID    int64             // the app's ID
	ClientID string            // the app's client ID ("Iv1.…"); "" uses AppID
	Target   Target            // the GitHub the app lives on
	Base     http.RoundTripper // makes the requests; nil is [http.DefaultTransport]

	now   func() time.Time // the clock; nil is time.Now
	mu    sync.Mutex
	token Secret    // the last token: a Secret, so that a value holding tr never shows it
	renew time.Time // when to make the next token
}

// NewAppTransport returns an AppTransport for the app c describes, on t:
// its key ([AppCredentials.PrivateKey]), ID and client ID. It returns a
// [*FieldError] for "AppCredentials" wrapping [ErrRequired] when c is nil,
// the key's error, wrapping [ErrInvalidKey], or a [*FieldError] wrapping
// [ErrInvalidTarget] for a bad t.
func NewAppTransport(c *AppCredentials, t Target) (*AppTransport, error) {
	if c == nil {
		return nil, fieldErr("AppCredentials", ErrRequired, "NewAppTransport needs the app's credentials")
	}
	key, err := c.PrivateKey()
	if err != nil {
		return nil, err
	}
	if _, _, err := t.resolve(); err != nil {
		return nil, err
	}
	return &AppTransport{Key: key, AppID: c.ID, ClientID: c.ClientID, Target: t}, nil
}

// Client returns an [http.Client] that sends its requests through tr, with
// [DefaultTimeout], following no redirect (GitHub's API answers with
// none that a reader of apps needs).
func (tr *AppTransport) Client() *http.Client {
	c := defaultClient(nil)
	c.Transport = tr
	return c
}

// issuer returns the iss claim for tr's target.
func (tr *AppTransport) issuer() (string, error) {
	_, plan, err := tr.Target.resolve()
	if err != nil {
		return "", err
	}
	if tr.ClientID != "" && plan != PlanGHES317 {
		return tr.ClientID, nil
	}
	if tr.AppID <= 0 {
		if tr.ClientID != "" {
			return "", fieldErr("iss", ErrRequired, "%v takes the app ID in a JSON Web Token, not the client ID; set AppID", plan)
		}
		return "", fieldErr("iss", ErrRequired, "the app's client ID or app ID is required")
	}
	return strconv.FormatInt(tr.AppID, 10), nil
}

// Token returns the JSON Web Token tr sends now: the last one while it has
// more than a minute to live, and a new one otherwise. The token is a
// secret: for its nine minutes it authenticates as the app, so keep it out
// of logs and output (tr holds it in a [Secret]). It returns [AppJWT]'s
// errors, and the target's ([ErrInvalidTarget]).
func (tr *AppTransport) Token() (string, error) {
	now := time.Now
	if tr.now != nil {
		now = tr.now
	}
	t := now()
	tr.mu.Lock()
	defer tr.mu.Unlock()
	if !tr.token.IsZero() && t.Before(tr.renew) {
		return tr.token.Reveal(), nil
	}
	iss, err := tr.issuer()
	if err != nil {
		return "", err
	}
	token, err := AppJWT(tr.Key, iss, t)
	if err != nil {
		return "", err
	}
	tr.token, tr.renew = NewSecret(token), t.Add(jwtLifetime-jwtRenew)
	return token, nil
}

// RoundTrip implements [http.RoundTripper]: it sends a copy of req with the
// app's token, leaving req as it is. A request for another host than the
// target's API fails with a [*FieldError] wrapping [ErrInvalidTarget],
// without being sent; so does one when the token cannot be made, with the
// error of [AppTransport.Token].
func (tr *AppTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	fail := func(err error) (*http.Response, error) {
		if req.Body != nil {
			req.Body.Close()
		}
		return nil, err
	}
	api, err := url.Parse(tr.Target.APIURL())
	if err != nil || api.Host == "" {
		if _, _, rerr := tr.Target.resolve(); rerr != nil {
			return fail(rerr)
		}
		return fail(fieldErr("base_url", ErrInvalidTarget, "the target has no API URL"))
	}
	if req.URL == nil || req.URL.Scheme != api.Scheme || !hostEqual(req.URL.Host, api.Host, api.Scheme) {
		host := ""
		if req.URL != nil {
			host = req.URL.Host
		}
		return fail(fieldErr("base_url", ErrInvalidTarget,
			"refusing to send the app's token to %s, which is not the target's API (%s)", quoteBounded(host), api.Scheme+"://"+api.Host))
	}
	token, err := tr.Token()
	if err != nil {
		return fail(err)
	}
	out := req.Clone(req.Context())
	out.Header.Set("Authorization", "Bearer "+token)
	base := tr.Base
	if base == nil {
		base = http.DefaultTransport
	}
	return base.RoundTrip(out)
}

// hostEqual reports whether two URL hosts are the same for scheme, default
// ports aside and letters in either case.
func hostEqual(a, b, scheme string) bool {
	return originHost(&url.URL{Scheme: scheme, Host: a}) == originHost(&url.URL{Scheme: scheme, Host: b})
}

// String describes tr without its key or token.
func (tr *AppTransport) String() string {
	return fmt.Sprintf("ghapp.AppTransport{AppID: %d, ClientID: %q, Target: %+v, Key: %s}",
		tr.AppID, tr.ClientID, tr.Target, redactedKey(tr.Key))
}

// GoString is String, for %#v.
func (tr *AppTransport) GoString() string { return tr.String() }

// Format implements [fmt.Formatter] so that every verb prints String: the
// key and the token never show.
func (tr *AppTransport) Format(f fmt.State, verb rune) {
	if verb == 'q' {
		fmt.Fprintf(f, "%q", tr.String())
		return
	}
	_, _ = io.WriteString(f, tr.String())
}

// LogValue implements [slog.LogValuer]: logged, tr is a group of its
// app's IDs and target, without its key or token.
func (tr *AppTransport) LogValue() slog.Value {
	return slog.GroupValue(
		slog.Int64("app_id", tr.AppID),
		slog.String("client_id", tr.ClientID),
		slog.String("base_url", tr.Target.BaseURL),
		slog.String("key", redactedKey(tr.Key)),
	)
}

// MarshalJSON encodes tr as its LogValue does: its app's IDs and target,
// "[redacted]" for the key, and never the token. It never fails.
func (tr *AppTransport) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		AppID    int64  `json:"app_id"`
		ClientID string `json:"client_id,omitempty"`
		BaseURL  string `json:"base_url,omitempty"`
		Key      string `json:"key"`
	}{tr.AppID, tr.ClientID, tr.Target.BaseURL, redactedKey(tr.Key)})
}

func redactedKey(k *rsa.PrivateKey) string {
	if k == nil {
		return "<nil>"
	}
	return "[redacted]"
}
