package ghapp_test

import (
	"bytes"
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ghapp-dev/ghapp"
)

// jwtClaims are an app token's claims.
type jwtClaims struct {
	IAT int64  `json:"iat"`
	EXP int64  `json:"exp"`
	ISS string `json:"iss"`
}

// verifyJWT checks token's header and RS256 signature with pub, as GitHub
// would, and returns its claims.
func verifyJWT(t *testing.T, token string, pub *rsa.PublicKey) jwtClaims {
	t.Helper()
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		t.Fatalf("%d parts in the token, want 3", len(parts))
	}
	header, err := base64.RawURLEncoding.DecodeString(parts[0])
	if err != nil {
		t.Fatal(err)
	}
	var h map[string]string
	if err := json.Unmarshal(header, &h); err != nil || cmp.Diff(map[string]string{"alg": "RS256", "typ": "JWT"}, h) != "" {
		t.Errorf("header %s: %v", header, err)
	}
	sig, err := base64.RawURLEncoding.DecodeString(parts[2])
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256([]byte(parts[0] + "." + parts[1]))
	if err := rsa.VerifyPKCS1v15(pub, crypto.SHA256, sum[:], sig); err != nil {
		t.Errorf("signature: %v", err)
	}
	payload, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		t.Fatal(err)
	}
	var c jwtClaims
	dec := json.NewDecoder(bytes.NewReader(payload))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&c); err != nil {
		t.Errorf("claims %s: %v", payload, err)
	}
	return c
}

func TestAppJWT(t *testing.T) {
	key := rsaKey(t)
	now := time.Date(2026, 12, 2, 10, 0, 0, 0, time.UTC)
	token, err := ghapp.AppJWT(key, "Iv1.ab1112223334445c", now)
	if err != nil {
		t.Fatal(err)
	}
	got := verifyJWT(t, token, &key.PublicKey)
	want := jwtClaims{IAT: now.Unix() - 60, EXP: now.Unix() + 9*60, ISS: "Iv1.ab1112223334445c"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("claims mismatch (-want +got):\n%s", diff)
	}
	if got.EXP-now.Unix() > 600 {
		t.Errorf("exp is %d s on; GitHub takes at most 600", got.EXP-now.Unix())
	}

	// Another key does not verify it.
	other, err := rsa.GenerateKey(rand.Reader, 1024)
	if err != nil {
		t.Fatal(err)
	} else {
		parts := strings.Split(token, ".")
		sig, _ := base64.RawURLEncoding.DecodeString(parts[2])
		sum := sha256.Sum256([]byte(parts[0] + "." + parts[1]))
		if rsa.VerifyPKCS1v15(&other.PublicKey, crypto.SHA256, sum[:], sig) == nil {
			t.Error("another key verifies the token")
		}
	}

	for _, tt := range []struct {
		name string
		key  *rsa.PrivateKey
		iss  string
		want []string
	}{
		{"no key", nil, "1", []string{"?: ErrInvalidKey"}},
		{"no issuer", key, "", []string{"iss: ErrRequired"}},
		{"issuer with a space", key, "Iv1 x", []string{"iss: ErrInvalidText"}},
	} {
		if _, err := ghapp.AppJWT(tt.key, tt.iss, now); cmp.Diff(tt.want, liveProblems(err)) != "" {
			t.Errorf("%s: %v, want %v", tt.name, liveProblems(err), tt.want)
		}
	}
}

// TestAppTransportIssuer: the token names the client ID, except on GitHub
// Enterprise Server 3.17, which takes the app ID only.
func TestAppTransportIssuer(t *testing.T) {
	const clientID = "Iv1.ab1112223334445c"
	tests := []struct {
		name     string
		target   ghapp.Target
		clientID string
		appID    int64
		want     string
		problems []string
	}{
		{"github.com", ghapp.Target{}, clientID, 1, clientID, nil},
		{"GHE.com", ghapp.Target{BaseURL: "https://octocorp.ghe.com"}, clientID, 1, clientID, nil},
		{"GHES, newest by default", ghapp.Target{BaseURL: "https://github.example.com"}, clientID, 1, clientID, nil},
		{"GHES 3.18", ghapp.Target{BaseURL: "https://github.example.com", Plan: ghapp.PlanGHES318}, clientID, 1, clientID, nil},
		{"GHES 3.17", ghapp.Target{BaseURL: "https://github.example.com", Plan: ghapp.PlanGHES317}, clientID, 12345, "12345", nil},
		{"no client ID", ghapp.Target{}, "", 12345, "12345", nil},
		{"GHES 3.17 without app ID", ghapp.Target{BaseURL: "https://github.example.com", Plan: ghapp.PlanGHES317}, clientID, 0, "", []string{"iss: ErrRequired"}},
		{"neither", ghapp.Target{}, "", 0, "", []string{"iss: ErrRequired"}},
		{"bad target", ghapp.Target{BaseURL: "http://github.example.com"}, clientID, 1, "", []string{"base_url: ErrInvalidTarget"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tr := &ghapp.AppTransport{Key: rsaKey(t), AppID: tt.appID, ClientID: tt.clientID, Target: tt.target}
			token, err := tr.Token()
			if diff := cmp.Diff(tt.problems, liveProblems(err)); diff != "" {
				t.Fatalf("problems mismatch (-want +got):\n%s", diff)
			}
			if err == nil {
				if iss := verifyJWT(t, token, &rsaKey(t).PublicKey).ISS; iss != tt.want {
					t.Errorf("iss = %q, want %q", iss, tt.want)
				}
			}
		})
	}
}

func TestAppTransport(t *testing.T) {
	ex := apiExamples(t, "api.github.com")
	g := newFakeGitHub(t, "/api/v3")
	g.app = ex["GET /app"]
	key := rsaKey(t)
	target := ghapp.Target{BaseURL: g.URL}
	tr := &ghapp.AppTransport{Key: key, AppID: 1, ClientID: "Iv1.ab1112223334445c", Target: target}

	// Three requests, one token: it lives nine minutes.
	for range 3 {
		if _, err := ghapp.GetApp(ctx(t), tr.Client(), target); err != nil {
			t.Fatal(err)
		}
	}
	var tokens []string
	for _, r := range g.seen() {
		tokens = append(tokens, strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer "))
	}
	if len(tokens) != 3 || tokens[0] != tokens[1] || tokens[1] != tokens[2] {
		t.Fatalf("tokens %q", tokens)
	}
	c := verifyJWT(t, tokens[0], &key.PublicKey)
	if now := time.Now().Unix(); c.ISS != "Iv1.ab1112223334445c" || c.IAT > now-59 || c.IAT < now-70 || c.EXP > now+600 || c.EXP < now+500 {
		t.Errorf("claims %+v at %d", c, now)
	}

	// The caller's request is left as it was.
	req, _ := http.NewRequest(http.MethodGet, target.APIURL()+"/app", nil)
	resp, err := tr.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if req.Header.Get("Authorization") != "" {
		t.Error("RoundTrip changed the caller's request")
	}

	// The token goes to the target's API only.
	var sent atomic.Int32
	base := roundTripFunc(func(*http.Request) (*http.Response, error) { sent.Add(1); return nil, errors.New("sent") })
	tr2 := &ghapp.AppTransport{Key: key, AppID: 1, Target: ghapp.Target{}, Base: base}
	for _, u := range []string{"https://evil.example.com/app", "http://api.github.com/app", "https://api.github.com.evil.example.com/app", g.URL + "/api/v3/app"} {
		req, _ := http.NewRequest(http.MethodGet, u, strings.NewReader("body"))
		if _, err := tr2.RoundTrip(req); cmp.Diff([]string{"base_url: ErrInvalidTarget"}, liveProblems(err)) != "" {
			t.Errorf("%s: %v", u, err)
		}
	}
	for _, u := range []string{"https://api.github.com/app", "https://API.github.com:443/app"} {
		req, _ := http.NewRequest(http.MethodGet, u, nil)
		if _, err := tr2.RoundTrip(req); err == nil || err.Error() != "sent" {
			t.Errorf("%s: %v, want it sent", u, err)
		}
	}
	if sent.Load() != 2 {
		t.Errorf("%d requests sent, want 2", sent.Load())
	}
	// No key: nothing is sent.
	bad := &ghapp.AppTransport{AppID: 1, Target: ghapp.Target{}, Base: base}
	req, _ = http.NewRequest(http.MethodGet, "https://api.github.com/app", nil)
	if _, err := bad.RoundTrip(req); cmp.Diff([]string{"?: ErrInvalidKey"}, liveProblems(err)) != "" {
		t.Errorf("no key: %v", err)
	}

	// A 401 from GitHub is ErrUnauthorized.
	g.setFailure("/app", http.StatusUnauthorized, nil, `{"message":"'Expiration time' claim ('exp') is too far in the future"}`)
	if _, err := ghapp.GetApp(ctx(t), tr.Client(), target); cmp.Diff([]string{"?: ErrAPI ErrUnauthorized"}, liveProblems(err)) != "" {
		t.Errorf("401: %v", err)
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// TestAppTransportHidesSecrets: neither the key nor the token shows when
// the transport is printed or logged.
func TestAppTransportHidesSecrets(t *testing.T) {
	key := rsaKey(t)
	tr := &ghapp.AppTransport{Key: key, AppID: 1, ClientID: "Iv1.ab1112223334445c", Target: ghapp.Target{}}
	token, err := tr.Token()
	if err != nil {
		t.Fatal(err)
	}
	var logged bytes.Buffer
	slog.New(slog.NewJSONHandler(&logged, nil)).Info("transport", "tr", tr)
	d := key.D.String()
	for _, out := range []string{fmt.Sprintf("%v %+v %#v %s %q", tr, tr, tr, tr, tr), fmt.Sprint([]any{tr}), logged.String()} {
		if strings.Contains(out, token) || strings.Contains(out, token[:40]) || strings.Contains(out, d[:20]) {
			t.Errorf("output shows a secret: %s", out)
		}
		if !strings.Contains(out, "Iv1.ab1112223334445c") {
			t.Errorf("output lacks the client ID: %s", out)
		}
	}
}

// appHolder is a program's own type holding an AppTransport, as the
// reviewer's did.
type appHolder struct {
	Name string
	TR   ghapp.AppTransport // by value
	Ptr  *ghapp.AppTransport
}

// TestAppTransportHeldHidesToken: a value holding an AppTransport, printed
// with %+v (which reaches its unexported fields by reflection), logged or
// encoded as JSON, shows neither the live token nor the key.
func TestAppTransportHeldHidesToken(t *testing.T) {
	key := rsaKey(t)
	h := &appHolder{Name: "bot", TR: ghapp.AppTransport{Key: key, AppID: 1, ClientID: "Iv1.ab1112223334445c"}}
	h.Ptr = &h.TR
	token, err := h.TR.Token()
	if err != nil {
		t.Fatal(err)
	}
	var text, js bytes.Buffer
	slog.New(slog.NewTextHandler(&text, nil)).Info("held", "holder", h, "tr", &h.TR)
	slog.New(slog.NewJSONHandler(&js, nil)).Info("held", "holder", h, "tr", &h.TR)
	encoded, err := json.Marshal(h)
	if err != nil {
		t.Fatal(err)
	}
	d := key.D.String()
	outputs := map[string]string{
		"%v": fmt.Sprintf("%v", h), "%+v": fmt.Sprintf("%+v", h), "%#v": fmt.Sprintf("%#v", h),
		"%+v of the value": fmt.Sprintf("%+v", []any{&h.TR, h.Ptr}),
		"slog text":        text.String(), "slog JSON": js.String(), "JSON": string(encoded),
	}
	for name, out := range outputs {
		if strings.Contains(out, token[:40]) || strings.Contains(out, token[len(token)-40:]) || strings.Contains(out, d[:20]) {
			t.Errorf("%s shows a secret: %.400s", name, out)
		}
	}
	if again, _ := h.TR.Token(); again != token {
		t.Error("Token gave another token while the first was fresh")
	}
}

// TestNewAppTransport: the credentials of the manifest flow are enough.
func TestNewAppTransport(t *testing.T) {
	key := rsaKey(t)
	keyPEM := pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(key)})
	creds := ghapp.AppCredentials{ID: 12345, ClientID: "Iv1.ab1112223334445c", PEM: ghapp.NewSecret(string(keyPEM))}
	tr, err := ghapp.NewAppTransport(&creds, ghapp.Target{BaseURL: "https://github.example.com", Plan: ghapp.PlanGHES317})
	if err != nil {
		t.Fatal(err)
	}
	token, err := tr.Token()
	if err != nil {
		t.Fatal(err)
	}
	if iss := verifyJWT(t, token, &key.PublicKey).ISS; iss != "12345" {
		t.Errorf("iss = %q, want the app ID on GHES 3.17", iss)
	}
	if k, err := ghapp.ParsePrivateKey(keyPEM); err != nil || !k.Equal(key) {
		t.Errorf("ParsePrivateKey: %v", err)
	}
	if _, err := ghapp.ParsePrivateKey([]byte("not a key")); !errors.Is(err, ghapp.ErrInvalidKey) {
		t.Errorf("ParsePrivateKey(junk) = %v", err)
	}
	var none ghapp.AppCredentials
	if _, err := ghapp.NewAppTransport(&none, ghapp.Target{}); !errors.Is(err, ghapp.ErrInvalidKey) {
		t.Errorf("no key: %v", err)
	}
	tr, err = ghapp.NewAppTransport(nil, ghapp.Target{})
	if diff := cmp.Diff([]string{"AppCredentials: ErrRequired"}, problems(err)); diff != "" || tr != nil {
		t.Errorf("nil credentials: %v; problems mismatch (-want +got):\n%s", tr, diff)
	}
}
