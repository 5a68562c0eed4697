package oauth2test

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ghapp-dev/ghapp"
)

// stand is a stand-in for GitHub's OAuth endpoints, answering as
// ../../shared/reference/docs/authorizing-oauth-apps.md and GitHub's
// troubleshooting pages say GitHub answers:
//
//   - GET /login/oauth/authorize stands for the user: it approves at once
//     and redirects to redirect_uri (or the callback URL) with a code and the
//     state; a redirect_uri outside the callback URL gets GitHub's
//     redirect_uri_mismatch redirect to the callback URL instead;
//   - POST /login/oauth/access_token exchanges a code once, within 10
//     minutes, checking the client secret, the redirect_uri the code was
//     issued for and the PKCE verifier (S256), and answers the device
//     flow's polls;
//   - POST /login/device/code starts the device flow, or answers 400
//     device_flow_disabled when the app has not enabled it.
//
// Answers are form-encoded unless the request accepts application/json, and
// token-endpoint errors come with HTTP 200, as GitHub sends them. A scope
// list comes back normalised and comma-separated ("gist,repo").
type stand struct {
	*httptest.Server
	clientID, clientSecret string
	callback               string // the app's callback URL
	deviceFlow             bool   // "Enable Device Flow" in the app's settings
	interval               int    // the device flow's interval, in seconds
	// grant says what the user grants of the scopes asked for; nil grants
	// them all.
	grant func(asked []ghapp.Scope) []ghapp.Scope
	// onPoll, if set, runs at each device-flow poll, before the answer, with
	// the device and the poll's number (1 for the first); it may call the
	// device's methods as the user would act.
	onPoll func(d *device, poll int)

	mu      sync.Mutex
	codes   map[string]*webCode
	devices map[string]*device // by device_code
	log     []exchange         // every token-endpoint request, in order
}

// A webCode is a code the authorize page issued.
type webCode struct {
	redirectURI, challenge string
	scopes                 []ghapp.Scope
	issued                 time.Time
	used                   bool
}

// A device is one device-flow authorization.
type device struct {
	userCode string
	scopes   []ghapp.Scope
	interval time.Duration
	expires  time.Time
	last     time.Time // the last poll
	polls    int
	state    string   // "pending", "approved", "denied"
	script   []string // answers to give to the next polls, before the state's
}

func (d *device) approve()           { d.state = "approved" }
func (d *device) deny()              { d.state = "denied" }
func (d *device) expire()            { d.expires = time.Time{} }
func (d *device) answer(code string) { d.script = append(d.script, code) }

// An exchange is one request to the token endpoint, as the stand-in saw it.
type exchange struct {
	grant  string // "authorization_code", "device_code", ...
	header bool   // the client's credentials came in an Authorization header
	answer string // the error code answered, or "token"
}

// newStand starts a stand-in for an app with the given client ID and
// secret, whose callback URL is callback.
func newStand(t *testing.T, clientID, clientSecret, callback string) *stand {
	s := &stand{
		clientID: clientID, clientSecret: clientSecret, callback: callback,
		deviceFlow: true, interval: 1,
		codes: map[string]*webCode{}, devices: map[string]*device{},
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /login/oauth/authorize", s.authorize)
	mux.HandleFunc("POST /login/oauth/access_token", s.token)
	mux.HandleFunc("POST /login/device/code", s.deviceCode)
	s.Server = httptest.NewServer(mux)
	t.Cleanup(s.Close)
	return s
}

// target is the ghapp.Target of the stand-in.
func (s *stand) target() ghapp.Target { return ghapp.Target{BaseURL: s.URL} }

// exchanges returns the token-endpoint requests seen so far.
func (s *stand) exchanges() []exchange {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]exchange(nil), s.log...)
}

func random(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return hex.EncodeToString(b)
}

func (s *stand) authorize(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if q.Get("client_id") != s.clientID {
		http.NotFound(w, r) // GitHub shows a 404 page for an unknown client
		return
	}
	state := q.Get("state")
	redirect := q.Get("redirect_uri")
	if redirect != "" && !underCallback(redirect, s.callback) {
		// GitHub's "troubleshooting authorization request errors": back
		// to the callback URL with the error.
		v := url.Values{
			"error":             {"redirect_uri_mismatch"},
			"error_description": {"The redirect_uri MUST match the registered callback URL for this application."},
			"error_uri":         {"https://docs.github.com/apps/managing-oauth-apps/troubleshooting-authorization-request-errors/#redirect-uri-mismatch"},
		}
		if state != "" {
			v.Set("state", state)
		}
		http.Redirect(w, r, s.callback+"?"+v.Encode(), http.StatusFound)
		return
	}
	challenge := q.Get("code_challenge")
	if challenge != "" && q.Get("code_challenge_method") != "S256" {
		http.Error(w, "code_challenge_method must be S256", http.StatusBadRequest)
		return
	}
	asked := ghapp.NormalizeScopes(ghapp.SplitScopes(q.Get("scope")))
	granted := asked
	if s.grant != nil {
		granted = ghapp.NormalizeScopes(s.grant(asked))
	}
	code := random(10) // GitHub's codes are 20 hexadecimal digits
	s.mu.Lock()
	s.codes[code] = &webCode{redirectURI: redirect, challenge: challenge, scopes: granted, issued: time.Now()}
	s.mu.Unlock()
	to := redirect
	if to == "" {
		to = s.callback
	}
	v := url.Values{"code": {code}}
	if state != "" {
		v.Set("state", state)
	}
	http.Redirect(w, r, to+"?"+v.Encode(), http.StatusFound)
}

// underCallback applies GitHub's rule for redirect_uri: the callback URL's
// host (or a subdomain of it) and port, and a path under the callback's;
// a loopback host may use any port.
func underCallback(redirect, callback string) bool {
	r, err1 := url.Parse(redirect)
	c, err2 := url.Parse(callback)
	if err1 != nil || err2 != nil || r.Scheme != c.Scheme {
		return false
	}
	host := r.Hostname() == c.Hostname() || strings.HasSuffix(r.Hostname(), "."+c.Hostname())
	loopback := r.Hostname() == "127.0.0.1" || r.Hostname() == "::1"
	port := r.Port() == c.Port() || loopback
	path := r.Path == c.Path || strings.HasPrefix(r.Path, strings.TrimSuffix(c.Path, "/")+"/")
	return host && port && path
}

// reply writes fields as GitHub does: JSON when the request accepts it,
// else form-encoded; always with status 200 for the token endpoint.
func reply(w http.ResponseWriter, r *http.Request, status int, fields map[string]string) {
	if strings.Contains(r.Header.Get("Accept"), "application/json") {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.WriteHeader(status)
		obj := map[string]any{}
		for k, v := range fields {
			if n, err := strconv.Atoi(v); err == nil && (k == "expires_in" || k == "interval") {
				obj[k] = n
			} else {
				obj[k] = v
			}
		}
		_ = json.NewEncoder(w).Encode(obj)
		return
	}
	v := url.Values{}
	for k, f := range fields {
		v.Set(k, f)
	}
	w.Header().Set("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write([]byte(v.Encode()))
}

// oauthError answers with one of GitHub's error codes.
func oauthError(w http.ResponseWriter, r *http.Request, status int, code, description string, extra ...string) {
	fields := map[string]string{
		"error":             code,
		"error_description": description,
		"error_uri":         "https://docs.github.com/developers/apps/authorizing-oauth-apps#error-codes-for-the-device-flow",
	}
	for i := 0; i+1 < len(extra); i += 2 {
		fields[extra[i]] = extra[i+1]
	}
	reply(w, r, status, fields)
}

// joinScopes writes scopes as the token response's scope field does.
func joinScopes(scopes []ghapp.Scope) string {
	names := make([]string, len(scopes))
	for i, s := range scopes {
		names[i] = string(s)
	}
	return strings.Join(names, ",")
}

func (s *stand) token(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	id, secret := r.PostForm.Get("client_id"), r.PostForm.Get("client_secret")
	user, pass, header := r.BasicAuth()
	if header {
		id, _ = url.QueryUnescape(user)
		secret, _ = url.QueryUnescape(pass)
	}
	grant := r.PostForm.Get("grant_type")
	ex := exchange{grant: grant, header: header}
	if ex.grant == "" {
		ex.grant = "authorization_code" // GitHub's web flow sends none
	}
	answer := func(code string) {
		ex.answer = code
		s.mu.Lock()
		s.log = append(s.log, ex)
		s.mu.Unlock()
	}
	if r.PostForm.Has("device_code") || strings.Contains(grant, "device_code") {
		code, extra := s.poll(id, grant, r.PostForm.Get("device_code"))
		answer(code)
		if code == "token" {
			reply(w, r, http.StatusOK, extra)
			return
		}
		var kv []string
		for k, v := range extra {
			kv = append(kv, k, v)
		}
		oauthError(w, r, http.StatusOK, code, deviceErrors[code], kv...)
		return
	}
	if subtle.ConstantTimeCompare([]byte(id), []byte(s.clientID)) != 1 ||
		subtle.ConstantTimeCompare([]byte(secret), []byte(s.clientSecret)) != 1 {
		answer("incorrect_client_credentials")
		oauthError(w, r, http.StatusOK, "incorrect_client_credentials", "The client_id and/or client_secret passed are incorrect.")
		return
	}
	s.mu.Lock()
	c := s.codes[r.PostForm.Get("code")]
	bad := c == nil || c.used || time.Since(c.issued) > 10*time.Minute
	mismatch := !bad && c.redirectURI != "" && r.PostForm.Get("redirect_uri") != c.redirectURI
	if !bad && c.challenge != "" && ghapp.PKCEChallenge(r.PostForm.Get("code_verifier")) != c.challenge {
		// The documentation's bad_verification_code covers a code that
		// "doesn't match what you received in the first request".
		bad = true
	}
	if !bad && !mismatch {
		c.used = true
	}
	s.mu.Unlock()
	switch {
	case bad:
		answer("bad_verification_code")
		oauthError(w, r, http.StatusOK, "bad_verification_code", "The code passed is incorrect or expired.")
	case mismatch:
		answer("redirect_uri_mismatch")
		oauthError(w, r, http.StatusOK, "redirect_uri_mismatch", "The redirect_uri MUST match the registered callback URL for this application.")
	default:
		answer("token")
		reply(w, r, http.StatusOK, map[string]string{
			"access_token": "gho_" + random(18),
			"scope":        joinScopes(c.scopes),
			"token_type":   "bearer",
		})
	}
}

// deviceErrors are the descriptions the stand-in gives the device flow's
// error codes.
var deviceErrors = map[string]string{
	"authorization_pending":        "The authorization request is still pending.",
	"slow_down":                    "Too many requests have been made in the same timeframe.",
	"expired_token":                "The device_code has expired.",
	"unsupported_grant_type":       "The grant type is not supported.",
	"incorrect_client_credentials": "The client_id is not valid.",
	"incorrect_device_code":        "The device_code provided is not valid.",
	"access_denied":                "The authorization request was denied.",
}

// poll answers one device-flow poll: the error code, or "token" and the
// token's fields.
func (s *stand) poll(clientID, grant, deviceCode string) (string, map[string]string) {
	if grant != "urn:ietf:params:oauth:grant-type:device_code" {
		return "unsupported_grant_type", nil
	}
	if clientID != s.clientID {
		return "incorrect_client_credentials", nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	d := s.devices[deviceCode]
	if d == nil {
		return "incorrect_device_code", nil
	}
	now := time.Now()
	d.polls++
	if s.onPoll != nil {
		s.onPoll(d, d.polls)
	}
	// "If you make more than one access token request within the
	// required minimum timeframe between requests (or interval), you'll
	// hit the rate limit and receive a slow_down error response. The
	// slow_down error response adds 5 seconds to the last interval." Half
	// the interval absorbs the client's scheduling.
	tooSoon := !d.last.IsZero() && now.Sub(d.last) < d.interval/2
	d.last = now
	code := ""
	switch {
	case tooSoon:
		code = "slow_down"
	case len(d.script) > 0:
		code, d.script = d.script[0], d.script[1:]
	case now.After(d.expires):
		code = "expired_token"
	case d.state == "denied":
		code = "access_denied"
	case d.state == "approved":
		delete(s.devices, deviceCode)
		return "token", map[string]string{
			"access_token": "gho_" + random(18),
			"token_type":   "bearer",
			"scope":        joinScopes(d.scopes),
		}
	default:
		code = "authorization_pending"
	}
	if code == "slow_down" {
		d.interval += 5 * time.Second
		return code, map[string]string{"interval": strconv.Itoa(int(d.interval / time.Second))}
	}
	return code, nil
}

func (s *stand) deviceCode(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	if !s.deviceFlow {
		// What github.com answers, as public reports quote it
		// (octokit/create-octokit-project.js#208: status 400).
		oauthError(w, r, http.StatusBadRequest, "device_flow_disabled", "Device Flow must be explicitly enabled for this App")
		return
	}
	if r.PostForm.Get("client_id") != s.clientID {
		oauthError(w, r, http.StatusBadRequest, "incorrect_client_credentials", "The client_id is not valid.")
		return
	}
	deviceCode := random(20) // 40 characters, as GitHub's
	userCode := strings.ToUpper(random(2) + "-" + random(2))
	d := &device{
		userCode: userCode,
		scopes:   ghapp.NormalizeScopes(ghapp.SplitScopes(r.PostForm.Get("scope"))),
		interval: time.Duration(s.interval) * time.Second,
		expires:  time.Now().Add(900 * time.Second),
		state:    "pending",
	}
	s.mu.Lock()
	s.devices[deviceCode] = d
	s.mu.Unlock()
	reply(w, r, http.StatusOK, map[string]string{
		"device_code":      deviceCode,
		"user_code":        userCode,
		"verification_uri": s.URL + "/login/device",
		"expires_in":       "900",
		"interval":         strconv.Itoa(s.interval),
	})
}
